//! The agreement text: a versioned template of numbered clauses (`assets/clauses/*.json`) with
//! variables bound to the terms. A clause can be switched off or replaced by an alternative, and
//! users add their own.
//!
//! Templates are append-only: a version renders with the template it was written against.
//! `standard-1` substitutes `{{name}}` and writes "not applicable" for an empty value (kept so
//! its versions read as they did); from `standard-2` the clauses are MiniJinja templates over
//! the same display values, where an empty value is false, so a term left empty changes the
//! sentence or drops it and never appears as a placeholder.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::error::{Error, Result};
use crate::model::terms::{ConflictRule, Owner, RelationshipModel, Schedule, ShareBasis, Terms};

pub use crate::model::contract::{ClauseChoice, ClauseSelection, CustomClause};
pub use crate::model::money::{money, percent};
use crate::model::words::{Arg, DocLanguage, Words};

pub const NOT_APPLICABLE: &str = "not applicable";
const STANDARD_1: &str = include_str!("../../../../assets/clauses/standard-1.json");
const STANDARD_2: &str = include_str!("../../../../assets/clauses/standard-2.json");
const STANDARD_2_DE: &str = include_str!("../../../../assets/clauses/standard-2-de.json");

/// How a template's clause texts are bound to the terms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Engine {
    /// `{{name}}` replaced by its value, "not applicable" when empty (standard-1).
    #[default]
    Fill,
    /// MiniJinja: `{% if name %}…{% endif %}` around what a term says.
    Jinja,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Template {
    pub template: String,
    pub title: String,
    #[serde(default)]
    pub engine: Engine,
    /// The language its clauses are written in; the agreement's other words, dates and amounts
    /// follow it, so a version always prints in the language it was written in.
    #[serde(default)]
    pub language: DocLanguage,
    pub clauses: Vec<TemplateClause>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TemplateClause {
    pub id: String,
    pub title: String,
    pub text: String,
    #[serde(default)]
    pub alternatives: HashMap<String, String>,
}

/// The template a version was written against (`contract_version.template_version`).
pub fn template(version: &str) -> Result<Template> {
    match version {
        "" | "standard-1" => Ok(serde_json::from_str(STANDARD_1)?),
        "standard-2" => Ok(serde_json::from_str(STANDARD_2)?),
        "standard-2-de" => Ok(serde_json::from_str(STANDARD_2_DE)?),
        other => Err(Error::NotFound {
            what: format!("clause template {other:?}"),
        }),
    }
}

pub const CURRENT_TEMPLATE: &str = "standard-2";

/// The standard template new versions are written with in a book whose documents are in `lang`.
pub fn standard_template(lang: DocLanguage) -> &'static str {
    match lang {
        DocLanguage::En => CURRENT_TEMPLATE,
        DocLanguage::De => "standard-2-de",
    }
}

/// A template clause as the clause editor lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ClauseInfo {
    pub id: String,
    pub title: String,
    /// The text new versions use: the book's own wording, or the standard's.
    pub text: String,
    /// The standard template's text of the clause.
    pub standard_text: String,
    /// Whether the book words it differently from the standard.
    pub own: bool,
    /// Keys of the alternative texts.
    pub alternatives: Vec<String>,
    /// The template new versions are written with ("standard-2", "own-3").
    pub template: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RenderedClause {
    pub number: i64,
    pub id: String,
    pub title: String,
    pub paragraphs: Vec<String>,
}

fn owner(o: Owner) -> &'static str {
    match o {
        Owner::Us => "us",
        Owner::Partner => "the Partner",
        Owner::RegisteringParty => "the Party that registered the lead",
        Owner::Shared => "both Parties jointly",
    }
}

fn days(v: Option<i64>) -> String {
    match v {
        Some(1) => "1 day".into(),
        Some(d) => format!("{d} days"),
        None => String::new(),
    }
}

fn months(v: Option<i64>) -> String {
    match v {
        Some(0) => "no period".into(),
        Some(1) => "1 month".into(),
        Some(m) => format!("{m} months"),
        None => String::new(),
    }
}

fn years(v: Option<i64>) -> String {
    match v {
        Some(1) => "1 year".into(),
        Some(y) => format!("{y} years"),
        None => String::new(),
    }
}

/// The variables the clauses refer to, as display text. Missing values are empty strings here
/// and read "not applicable" in the text.
pub fn variables(t: &Terms) -> HashMap<&'static str, String> {
    let rs = &t.revenue_share;
    let cur = rs.currency.as_str();
    let mut v: HashMap<&'static str, String> = HashMap::new();
    v.insert("parties.us.name", t.parties.us.name.clone());
    v.insert("parties.us.address", t.parties.us.address.clone());
    v.insert("parties.partner.name", t.parties.partner.name.clone());
    v.insert("parties.partner.address", t.parties.partner.address.clone());
    v.insert(
        "relationship_model",
        match t.relationship_model {
            RelationshipModel::Referral => "referral",
            RelationshipModel::Resell => "resell",
            RelationshipModel::Subcontract => "subcontracting",
            RelationshipModel::CoSell => "co-selling",
        }
        .into(),
    );
    v.insert("territory", t.territory.clone());
    v.insert("verticals", t.verticals.join(", "));
    v.insert(
        "lead_registration.qualifies",
        t.lead_registration.qualifies.trim().to_string(),
    );
    v.insert(
        "lead_registration.protection_days",
        days(t.lead_registration.protection_days),
    );
    v.insert(
        "lead_registration.cap",
        t.lead_registration
            .cap
            .map(|c| c.to_string())
            .unwrap_or_default(),
    );
    v.insert(
        "lead_registration.conflict_rule",
        match t.lead_registration.conflict_rule {
            ConflictRule::FirstToRegister => "the first valid registration prevails",
            ConflictRule::ExistingRelationship => {
                "the Party with an existing relationship with the customer prevails"
            }
            ConflictRule::JointDecision => {
                "the Parties decide together within five business days, and record the decision"
            }
        }
        .into(),
    );
    v.insert(
        "customer_ownership.relationship",
        owner(t.customer_ownership.relationship).into(),
    );
    v.insert(
        "customer_ownership.contract",
        owner(t.customer_ownership.contract).into(),
    );
    v.insert(
        "customer_ownership.billing",
        owner(t.customer_ownership.billing).into(),
    );
    v.insert(
        "revenue_share.percent",
        rs.share_bp.map(percent).unwrap_or_default(),
    );
    v.insert(
        "revenue_share.basis",
        match rs.basis {
            ShareBasis::NetRevenue => "net revenue of the deal",
            ShareBasis::GrossMargin => "gross margin of the deal",
            ShareBasis::FirstYearRevenue => "first-year revenue of the deal",
            ShareBasis::RecurringRevenue => "recurring revenue of the deal",
        }
        .into(),
    );
    v.insert(
        "revenue_share.floor",
        rs.floor_minor.map(|m| money(m, cur)).unwrap_or_default(),
    );
    v.insert(
        "revenue_share.ceiling",
        rs.ceiling_minor.map(|m| money(m, cur)).unwrap_or_default(),
    );
    v.insert("revenue_share.currency", rs.currency.clone());
    v.insert(
        "revenue_share.schedule",
        match rs.schedule {
            Schedule::Monthly => "monthly",
            Schedule::Quarterly => "quarterly",
            Schedule::Annually => "annually",
            Schedule::OnCustomerPayment => "when the customer pays",
        }
        .into(),
    );
    v.insert(
        "revenue_share.payment_terms_days",
        days(rs.payment_terms_days),
    );
    v.insert(
        "non_solicitation.customers_months",
        months(t.non_solicitation.customers_months),
    );
    v.insert(
        "non_solicitation.staff_months",
        months(t.non_solicitation.staff_months),
    );
    v.insert("confidentiality.years", years(t.confidentiality.years));
    v.insert(
        "confidentiality.nda_reference",
        t.confidentiality.nda_reference.clone(),
    );
    v.insert(
        "confidentiality.dpa_reference",
        t.confidentiality.dpa_reference.clone(),
    );
    v.insert("support.first_line", owner(t.support.first_line).into());
    v.insert("support.second_line", owner(t.support.second_line).into());
    v.insert(
        "support.slas",
        t.support
            .slas
            .iter()
            .filter(|s| !s.name.trim().is_empty())
            .map(|s| format!("{}: {}", s.name.trim(), s.target.trim()))
            .collect::<Vec<_>>()
            .join("; "),
    );
    v.insert(
        "term.effective_on",
        t.term.effective_on.clone().unwrap_or_default(),
    );
    v.insert("term.months", months(t.term.months));
    v.insert(
        "term.renewal",
        if t.term.auto_renew {
            match t.term.non_renewal_notice_days {
                Some(d) => format!(
                    "It renews automatically for the same period unless either Party gives {} written notice of non-renewal before it ends.",
                    days(Some(d))
                ),
                None => "It renews automatically for the same period.".into(),
            }
        } else {
            "It ends at the end of its term unless the Parties agree a new version.".into()
        },
    );
    v.insert(
        "term.termination_notice_days",
        days(t.term.termination_notice_days),
    );
    v.insert("term.survives", t.term.survives.join("; "));
    v.insert("governing_law", t.governing_law.clone());
    v.insert("courts", t.courts.clone());

    // From standard-2: phrases that read right in a sentence, empty when the term is.
    let positive = |n: Option<i64>| n.filter(|n| *n > 0);
    v.insert(
        "lead_registration.condition",
        mid_sentence(&t.lead_registration.qualifies),
    );
    v.insert(
        "lead_registration.cap_phrase",
        match t.lead_registration.cap {
            Some(1) => "one open registration".into(),
            Some(n) if n > 1 => format!("{n} open registrations"),
            _ => String::new(),
        },
    );
    v.insert(
        "non_solicitation.customers_after",
        months(positive(t.non_solicitation.customers_months)),
    );
    v.insert(
        "non_solicitation.staff_after",
        months(positive(t.non_solicitation.staff_months)),
    );
    v.insert(
        "confidentiality.years_after",
        years(positive(t.confidentiality.years)),
    );
    v.insert(
        "confidentiality.term_only",
        if t.confidentiality.years == Some(0) {
            "yes".into()
        } else {
            String::new()
        },
    );
    v.insert(
        "term.effective_date",
        t.term
            .effective_on
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
            .map(long_date)
            .unwrap_or_default(),
    );
    v.insert(
        "term.renewal_sentence",
        if t.term.auto_renew {
            match t.term.non_renewal_notice_days {
                Some(d) if d > 0 => format!(
                    "It renews automatically for the same period unless either Party gives {} written notice of non-renewal before it ends.",
                    notice(d)
                ),
                _ => "It renews automatically for the same period.".into(),
            }
        } else {
            "It ends at the end of its term unless the Parties agree a new version.".into()
        },
    );
    v.insert(
        "term.termination_notice",
        positive(t.term.termination_notice_days)
            .map(notice)
            .unwrap_or_default(),
    );
    v.insert(
        "term.survives",
        t.term
            .survives
            .iter()
            .map(|s| s.trim().trim_end_matches(['.', ';']))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
    );
    v.insert("law.governing", law_phrase(&t.governing_law));
    v.insert("law.courts", courts_phrase(&t.courts));
    annex_variables(
        t,
        AnnexWords {
            annex: "Annex",
            one: "its Annex",
            several: "its Annexes",
            and: "and",
        },
        |k, value| {
            v.insert(k, value);
        },
    );
    v
}

/// The variables for a template in `lang`: English as [`variables`] gives them, or the same terms
/// as German phrases that read right in the German clauses (cases included: "für 90 Tage",
/// "mit einer Frist von 60 Tagen", "liegt bei dem Partner").
pub fn variables_in(t: &Terms, lang: DocLanguage) -> HashMap<&'static str, String> {
    let mut v = variables(t);
    if lang == DocLanguage::En {
        return v;
    }
    let w = Words::new(lang);
    let rs = &t.revenue_share;
    let cur = rs.currency.as_str();
    let positive = |n: Option<i64>| n.filter(|n| *n > 0);
    // Periods as the German clauses use them: accusative/nominative ("90 Tage", "12 Monate",
    // "3 Jahre") and, after "von", dative ("60 Tagen").
    let period = |n: Option<i64>, one: &str, many: &str| match n {
        Some(1) => format!("1 {one}"),
        Some(n) => format!("{} {many}", w.number(n)),
        None => String::new(),
    };
    let tage = |d: Option<i64>| period(d, "Tag", "Tage");
    let tagen = |d: Option<i64>| period(d, "Tag", "Tagen");
    let monate = |m: Option<i64>| period(m, "Monat", "Monate");
    let jahre = |y: Option<i64>| period(y, "Jahr", "Jahre");
    // Who, after "bei" (dative).
    let bei = |o: Owner| -> String {
        match o {
            Owner::Us => "uns",
            Owner::Partner => "dem Partner",
            Owner::RegisteringParty => "der Partei, die den Lead registriert hat",
            Owner::Shared => "beiden Parteien gemeinsam",
        }
        .into()
    };
    let mut set = |k: &'static str, value: String| {
        v.insert(k, value);
    };
    set(
        "relationship_model",
        match t.relationship_model {
            RelationshipModel::Referral => "„Empfehlung (Referral)“",
            RelationshipModel::Resell => "„Wiederverkauf (Resell)“",
            RelationshipModel::Subcontract => "„Unterauftrag (Subcontracting)“",
            RelationshipModel::CoSell => "„Gemeinsamer Vertrieb (Co-Selling)“",
        }
        .into(),
    );
    set(
        "lead_registration.protection_days",
        tage(t.lead_registration.protection_days),
    );
    set(
        "lead_registration.conflict_rule",
        match t.lead_registration.conflict_rule {
            ConflictRule::FirstToRegister => "gilt die erste gültige Registrierung",
            ConflictRule::ExistingRelationship => {
                "hat die Partei Vorrang, die bereits eine Beziehung zu dem Kunden hat"
            }
            ConflictRule::JointDecision => {
                "entscheiden die Parteien innerhalb von fünf Werktagen gemeinsam und halten die Entscheidung schriftlich fest"
            }
        }
        .into(),
    );
    set(
        "customer_ownership.relationship",
        bei(t.customer_ownership.relationship),
    );
    set(
        "customer_ownership.contract",
        bei(t.customer_ownership.contract),
    );
    set(
        "customer_ownership.billing",
        bei(t.customer_ownership.billing),
    );
    set(
        "revenue_share.percent",
        rs.share_bp.map(|bp| w.percent(bp)).unwrap_or_default(),
    );
    set(
        "revenue_share.basis",
        match rs.basis {
            ShareBasis::NetRevenue => "des Nettoumsatzes aus dem Geschäft",
            ShareBasis::GrossMargin => "der Bruttomarge aus dem Geschäft",
            ShareBasis::FirstYearRevenue => "des Umsatzes des ersten Jahres aus dem Geschäft",
            ShareBasis::RecurringRevenue => "der wiederkehrenden Umsätze aus dem Geschäft",
        }
        .into(),
    );
    set(
        "revenue_share.floor",
        rs.floor_minor.map(|m| w.money(m, cur)).unwrap_or_default(),
    );
    set(
        "revenue_share.ceiling",
        rs.ceiling_minor
            .map(|m| w.money(m, cur))
            .unwrap_or_default(),
    );
    set(
        "revenue_share.schedule",
        match rs.schedule {
            Schedule::Monthly => "monatlich",
            Schedule::Quarterly => "vierteljährlich",
            Schedule::Annually => "jährlich",
            Schedule::OnCustomerPayment => "bei Zahlung durch den Kunden",
        }
        .into(),
    );
    set(
        "revenue_share.payment_terms_days",
        tage(rs.payment_terms_days),
    );
    set(
        "non_solicitation.customers_months",
        monate(t.non_solicitation.customers_months),
    );
    set(
        "non_solicitation.staff_months",
        monate(t.non_solicitation.staff_months),
    );
    set("confidentiality.years", jahre(t.confidentiality.years));
    set("support.first_line", bei(t.support.first_line));
    set("support.second_line", bei(t.support.second_line));
    set("term.months", monate(t.term.months));
    let renewal = if t.term.auto_renew {
        match positive(t.term.non_renewal_notice_days) {
            Some(d) => format!(
                "Sie verlängert sich automatisch um denselben Zeitraum, sofern nicht eine Partei der Verlängerung mit einer Frist von {} vor ihrem Ende schriftlich widerspricht.",
                tagen(Some(d))
            ),
            None => "Sie verlängert sich automatisch um denselben Zeitraum.".into(),
        }
    } else {
        "Sie endet mit Ablauf ihrer Laufzeit, sofern die Parteien keine neue Version vereinbaren."
            .into()
    };
    set("term.renewal", renewal.clone());
    set("term.renewal_sentence", renewal);
    set(
        "term.termination_notice_days",
        tage(t.term.termination_notice_days),
    );
    set(
        "term.termination_notice",
        tagen(positive(t.term.termination_notice_days)),
    );
    // The user's own words, as written: German nouns keep their capital.
    set(
        "lead_registration.condition",
        t.lead_registration
            .qualifies
            .trim()
            .trim_end_matches('.')
            .trim_end()
            .to_string(),
    );
    set(
        "lead_registration.cap_phrase",
        match t.lead_registration.cap {
            Some(1) => "eine offene Registrierung".into(),
            Some(n) if n > 1 => format!("{} offene Registrierungen", w.number(n)),
            _ => String::new(),
        },
    );
    set(
        "non_solicitation.customers_after",
        monate(positive(t.non_solicitation.customers_months)),
    );
    set(
        "non_solicitation.staff_after",
        monate(positive(t.non_solicitation.staff_months)),
    );
    set(
        "confidentiality.years_after",
        jahre(positive(t.confidentiality.years)),
    );
    set(
        "term.effective_date",
        t.term
            .effective_on
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
            .map(|d| long_date_in(d, lang))
            .unwrap_or_default(),
    );
    set("law.governing", recht(&t.governing_law));
    set(
        "law.courts",
        t.courts
            .trim()
            .trim_end_matches('.')
            .trim_start_matches("the ")
            .trim_start_matches("The ")
            .to_string(),
    );
    annex_variables(
        t,
        AnnexWords {
            annex: "Anlage",
            one: "Anlage",
            several: "der Anlagen",
            and: "und",
        },
        &mut set,
    );
    v
}

/// The governing law as the subject of "Für diese Vereinbarung gilt …": "Deutschland", "DE" or
/// "Germany" → "das Recht der Bundesrepublik Deutschland"; a text that names the law ("deutsches
/// Recht", "Austrian law") as written; any other place → "das Recht von …".
pub fn recht(text: &str) -> String {
    let t = text.trim().trim_end_matches('.');
    if t.is_empty() {
        return String::new();
    }
    if mentions(t, &["recht", "law", "laws"]) {
        return match t.strip_prefix("Das ") {
            Some(rest) => format!("das {rest}"),
            None => t.to_string(),
        };
    }
    match crate::model::geo::country_code(t).as_deref() {
        Some("DE") => "das Recht der Bundesrepublik Deutschland".into(),
        Some("AT") => "das Recht der Republik Österreich".into(),
        Some("CH") => "das Recht der Schweiz".into(),
        Some("LI") => "das Recht des Fürstentums Liechtenstein".into(),
        Some("LU") => "das Recht des Großherzogtums Luxemburg".into(),
        _ => format!("das Recht von {t}"),
    }
}

/// The long form of a day in a contract's language: "14 October 2026", "14. Oktober 2026".
pub fn long_date_in(d: chrono::NaiveDate, lang: DocLanguage) -> String {
    match lang {
        DocLanguage::En => long_date(d),
        DocLanguage::De => d
            .format_localized("%-d. %B %Y", chrono::Locale::de_DE)
            .to_string(),
    }
}

/// How a language names the schedules in a clause: "Annex A", "its Annex A", "its Annexes A and
/// B" / "Anlage A", "der Anlagen A und B".
struct AnnexWords {
    annex: &'static str,
    one: &'static str,
    several: &'static str,
    and: &'static str,
}

/// `annex.escalation`, `annex.slas` and `annex.all` in these words, for the annexes the terms
/// carry (empty when they carry none).
fn annex_variables(t: &Terms, w: AnnexWords, mut set: impl FnMut(&'static str, String)) {
    let annexes = annexes(t);
    let letter = |which: Annex| {
        annexes
            .iter()
            .find(|(a, _)| *a == which)
            .map(|(_, l)| format!("{} {l}", w.annex))
            .unwrap_or_default()
    };
    set("annex.escalation", letter(Annex::Escalation));
    set("annex.slas", letter(Annex::ServiceLevels));
    let letters: Vec<String> = annexes.iter().map(|(_, l)| l.to_string()).collect();
    set(
        "annex.all",
        match letters.as_slice() {
            [] => String::new(),
            [a] => format!("{} {a}", w.one),
            [a, b] => format!("{} {a} {} {b}", w.several, w.and),
            more => format!("{} {}", w.several, more.join(", ")),
        },
    );
}

/// The schedules an agreement carries, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Annex {
    Escalation,
    ServiceLevels,
}

/// The annexes these terms need, each with its letter: the escalation matrix when there are
/// levels, the service levels when there are any. A clause refers to an annex only when it is here.
pub fn annexes(t: &Terms) -> Vec<(Annex, char)> {
    let mut out = Vec::new();
    if t.support
        .escalation
        .iter()
        .any(|l| !l.level.trim().is_empty())
    {
        out.push(Annex::Escalation);
    }
    if t.support.slas.iter().any(|s| !s.name.trim().is_empty()) {
        out.push(Annex::ServiceLevels);
    }
    out.into_iter().zip('A'..='Z').collect()
}

/// A user's phrase continued inside a sentence: trimmed, without its full stop, and with a
/// capital first letter lowered unless the first word is an acronym ("Named customer" → "named
/// customer", "NDA signed" stays).
pub fn mid_sentence(text: &str) -> String {
    let t = text.trim().trim_end_matches('.').trim_end();
    let first_word = t.split_whitespace().next().unwrap_or("");
    let acronym = first_word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && first_word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    let mut chars = t.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() && !acronym => c.to_lowercase().chain(chars).collect(),
        _ => t.to_string(),
    }
}

/// "14 October 2026": the unambiguous long form contracts use.
pub fn long_date(d: chrono::NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A notice period as a sentence needs it: "90 days'", "1 day's".
fn notice(d: i64) -> String {
    if d == 1 {
        "1 day's".into()
    } else {
        format!("{d} days'")
    }
}

fn mentions(text: &str, words: &[&str]) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| words.iter().any(|x| w.eq_ignore_ascii_case(x)))
}

fn lower_leading_the(text: &str) -> String {
    match text.strip_prefix("The ") {
        Some(rest) => format!("the {rest}"),
        None => text.to_string(),
    }
}

/// The governing law as the object of "governed by": "Austria" → "the law of Austria", "AT" →
/// "the law of Austria", "Austrian law" and "the laws of England and Wales" as written.
pub fn law_phrase(text: &str) -> String {
    let t = text.trim().trim_end_matches('.');
    if t.is_empty() {
        return String::new();
    }
    if mentions(t, &["law", "laws", "recht"]) {
        return lower_leading_the(t);
    }
    let place = if t.len() == 2 && t.chars().all(|c| c.is_ascii_uppercase()) {
        crate::model::geo::describe(&[t.to_string()])
            .into_iter()
            .next()
            .flatten()
            .map_or_else(|| t.to_string(), |o| o.name)
    } else {
        t.to_string()
    };
    format!("the law of {place}")
}

/// The courts as the object of "jurisdiction lies with": "Munich" → "the courts of Munich",
/// "the Commercial Court of Vienna" and "Landgericht München I" as written (with "the").
pub fn courts_phrase(text: &str) -> String {
    let t = text.trim().trim_end_matches('.');
    if t.is_empty() {
        return String::new();
    }
    let named_court = mentions(t, &["court", "courts", "tribunal", "tribunals"])
        || t.to_lowercase().contains("gericht");
    if !named_court {
        return format!("the courts of {t}");
    }
    if t.to_lowercase().starts_with("the ") {
        lower_leading_the(t)
    } else {
        format!("the {t}")
    }
}

/// Replaces `{{name}}` with its value; empty or unknown values read "not applicable".
pub fn fill(text: &str, vars: &HashMap<&'static str, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                let key = after[..end].trim();
                match vars.get(key).map(|v| v.trim()) {
                    Some(v) if !v.is_empty() => out.push_str(v),
                    _ => out.push_str(NOT_APPLICABLE),
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The variables as nested objects (`parties.us.name` → `{parties: {us: {name}}}`), for the
/// MiniJinja templates.
fn context(vars: &HashMap<&'static str, String>) -> serde_json::Value {
    let mut root = serde_json::Map::new();
    for (key, value) in vars {
        let mut parts: Vec<&str> = key.split('.').collect();
        let Some(leaf) = parts.pop() else { continue };
        let mut node = &mut root;
        for part in parts {
            let entry = node
                .entry(part.to_string())
                .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
            if !entry.is_object() {
                *entry = serde_json::Value::Object(serde_json::Map::new());
            }
            let serde_json::Value::Object(next) = entry else {
                unreachable!("made an object above")
            };
            node = next;
        }
        node.entry(leaf.to_string())
            .or_insert_with(|| serde_json::Value::String(value.trim().to_string()));
    }
    serde_json::Value::Object(root)
}

/// Spaces a template's conditions leave behind: doubled, or before punctuation.
fn tidy(paragraph: &str) -> String {
    let mut out = String::with_capacity(paragraph.len());
    for word in paragraph.split([' ', '\t']).filter(|w| !w.is_empty()) {
        if !out.is_empty() && !word.starts_with([',', '.', ';', ':']) {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A clause text bound to the terms with the template's engine.
fn bind(
    engine: Engine,
    env: &minijinja::Environment<'_>,
    ctx: &serde_json::Value,
    vars: &HashMap<&'static str, String>,
    title: &str,
    text: &str,
) -> Result<String> {
    match engine {
        Engine::Fill => Ok(fill(text, vars)),
        Engine::Jinja => env.render_str(text, ctx).map_err(|e| {
            Error::invalid(
                "clauses",
                explain_template_error(env, vars, title, text, &e),
            )
        }),
    }
}

/// What is wrong with a clause text, in words: the names it uses that are not terms, or where
/// its syntax breaks.
fn explain_template_error(
    env: &minijinja::Environment<'_>,
    vars: &HashMap<&'static str, String>,
    title: &str,
    text: &str,
    e: &minijinja::Error,
) -> String {
    let unknown: Vec<String> = env
        .template_from_str(text)
        .map(|t| {
            let mut names: Vec<String> = t
                .undeclared_variables(true)
                .into_iter()
                .filter(|n| {
                    !vars.contains_key(n.as_str())
                        && !vars.keys().any(|k| k.starts_with(&format!("{n}.")))
                })
                .collect();
            names.sort();
            names
        })
        .unwrap_or_default();
    if !unknown.is_empty() {
        return format!(
            "the clause \"{title}\" names {}, which {} not a term; use the names the standard text uses (such as {{{{ territory }}}})",
            unknown.join(", "),
            if unknown.len() == 1 { "is" } else { "are" }
        );
    }
    let detail = e
        .detail()
        .map_or_else(|| e.kind().to_string(), str::to_string);
    match e.line() {
        Some(line) => format!("the clause \"{title}\" cannot be written: line {line}: {detail}"),
        None => format!("the clause \"{title}\" cannot be written: {detail}"),
    }
}

/// The agreement's numbered clauses for these terms and this selection.
pub fn render(
    template: &Template,
    terms: &Terms,
    selection: &ClauseSelection,
) -> Result<Vec<RenderedClause>> {
    let vars = variables_in(terms, template.language);
    let ctx = context(&vars);
    let mut env = minijinja::Environment::new();
    // A name the terms do not have is an error, never an empty string.
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    let engine = template.engine;
    let mut out = Vec::new();
    let push = |id: &str, title: &str, text: &str, out: &mut Vec<RenderedClause>| {
        let number = out.len() as i64 + 1;
        let bound = bind(engine, &env, &ctx, &vars, title, text)?;
        out.push(RenderedClause {
            number,
            id: id.to_string(),
            title: title.to_string(),
            paragraphs: bound
                .split("\n\n")
                .map(|p| match engine {
                    Engine::Fill => p.trim().to_string(),
                    Engine::Jinja => tidy(p.trim()),
                })
                .filter(|p| !p.is_empty())
                .collect(),
        });
        Ok::<(), Error>(())
    };
    for clause in &template.clauses {
        let choice = selection.choices.iter().find(|c| c.id == clause.id);
        if !choice.is_some_and(|c| c.off) {
            // The exclusivity term picks the exclusive text unless the user chose otherwise.
            let alt = choice.and_then(|c| c.alternative.clone()).or_else(|| {
                (clause.id == "relationship" && terms.exclusivity).then(|| "exclusive".to_string())
            });
            let text = alt
                .as_deref()
                .and_then(|a| clause.alternatives.get(a))
                .unwrap_or(&clause.text);
            push(&clause.id, &clause.title, text, &mut out)?;
        }
        for c in selection.custom.iter().filter(|c| c.after == clause.id) {
            push("custom", &c.title, &c.text, &mut out)?;
        }
    }
    let known: Vec<&str> = template.clauses.iter().map(|c| c.id.as_str()).collect();
    for c in selection
        .custom
        .iter()
        .filter(|c| !known.contains(&c.after.as_str()))
    {
        push("custom", &c.title, &c.text, &mut out)?;
    }
    Ok(out)
}

/// The document id: a hash of what the agreement says (template, terms, clause text), so two
/// prints of the same version carry the same id and any change of content gives a new one.
pub fn document_id(template: &str, terms: &Terms, clauses: &[RenderedClause]) -> Result<String> {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(template.as_bytes());
    h.update(serde_json::to_vec(terms)?);
    for c in clauses {
        h.update(c.number.to_be_bytes());
        h.update(c.title.as_bytes());
        for p in &c.paragraphs {
            h.update(p.as_bytes());
        }
    }
    Ok(h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The message naming who owns something, on the cover page.
fn owner_label(o: Owner) -> &'static str {
    match o {
        Owner::Us => "owner-us",
        Owner::Partner => "owner-partner",
        Owner::RegisteringParty => "owner-registering-party",
        Owner::Shared => "owner-shared",
    }
}

/// What the cover page says for one term: its value, or what its absence means.
fn or<'a>(value: &'a str, absent: &'a str) -> &'a str {
    if value.trim().is_empty() {
        absent
    } else {
        value
    }
}

/// One annex table of the agreement.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedAnnex {
    pub heading: String,
    pub columns: Vec<String>,
    /// Relative column widths.
    pub widths: Vec<f32>,
    pub rows: Vec<Vec<String>>,
}

/// Everything the agreement says, laid out by neither format yet: the PDF and the DOCX are
/// both written from this, so they carry the same text.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub meta: crate::render::pdf::Meta,
    pub title: String,
    pub subtitle: String,
    pub cover: Vec<(String, String)>,
    pub clauses: Vec<RenderedClause>,
    pub annexes: Vec<PreparedAnnex>,
    pub signature_intro: String,
    pub signatures: [crate::render::pdf::SignatureBlock; 2],
}

/// The agreement PDF of a loaded version.
pub fn document(v: &crate::model::contract::ContractVersion, author: &str) -> Result<Vec<u8>> {
    layout_pdf(&prepare(v, author)?)
}

/// The PDF of a prepared agreement.
pub fn layout_pdf(p: &Prepared) -> Result<Vec<u8>> {
    let w = Words::new(p.meta.lang);
    let mut doc = crate::render::pdf::Layout::new(p.meta.clone())?;
    doc.title(&p.title, &p.subtitle);
    doc.heading(&w.get("agreement-cover-page", &[]), 80.0);
    let cover: Vec<(&str, String)> = p
        .cover
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    doc.key_values(&cover);
    doc.heading(&w.get("agreement-terms", &[]), 80.0);
    for c in &p.clauses {
        doc.clause_heading(&c.number.to_string(), &c.title);
        for (i, para) in c.paragraphs.iter().enumerate() {
            doc.numbered_paragraph(&format!("{}.{}", c.number, i + 1), para);
        }
    }
    for a in &p.annexes {
        doc.heading(&a.heading, 60.0);
        let columns: Vec<&str> = a.columns.iter().map(String::as_str).collect();
        doc.table(&columns, &a.widths, &a.rows);
    }
    doc.heading(&w.get("agreement-signatures", &[]), 120.0);
    doc.paragraph(
        &p.signature_intro,
        crate::render::pdf::Weight::Regular,
        true,
    );
    doc.signatures(&p.signatures[0], &p.signatures[1]);
    doc.finish()
}

/// What the agreement of a loaded version says, section by section (with a standard template).
pub fn prepare(v: &crate::model::contract::ContractVersion, author: &str) -> Result<Prepared> {
    prepare_with(v, template(&v.template_version)?, author)
}

/// What the agreement of a loaded version says, with the template it was written against.
pub fn prepare_with(
    v: &crate::model::contract::ContractVersion,
    template: Template,
    author: &str,
) -> Result<Prepared> {
    use crate::render::pdf::{Meta, SignatureBlock};
    let clauses = render(&template, &v.terms, &v.clauses)?;
    let id = document_id(&template.template, &v.terms, &clauses)?;
    let lang = template.language;
    let w = Words::new(lang);
    let say = |id: &str| w.get(id, &[]);
    let t = &v.terms;
    let us_said = say("agreement-us");
    let us = if t.parties.us.name.is_empty() {
        us_said.as_str()
    } else {
        &t.parties.us.name
    };
    let partner = if t.parties.partner.name.is_empty() {
        &v.partner
    } else {
        &t.parties.partner.name
    };
    let draft = !v.status.frozen();
    let status = match v.status {
        crate::model::contract::VersionStatus::Draft => say("agreement-status-draft"),
        crate::model::contract::VersionStatus::Sent => say("agreement-status-sent"),
        s => match &v.signed_on {
            Some(d) => w.get(
                "agreement-status-signed-on",
                &[(
                    "date",
                    Arg::Text(&match lang {
                        // English prints have always shown the ISO day here.
                        DocLanguage::En => d.clone(),
                        _ => w.date(d),
                    }),
                )],
            ),
            None => say(&format!("agreement-status-{}", s.as_str())),
        },
    };
    let version = v.version.to_string();
    let names = [
        ("title", Arg::Text(&template.title)),
        ("contract", Arg::Text(&v.title)),
        ("us", Arg::Text(us)),
        ("partner", Arg::Text(partner)),
        ("version", Arg::Text(&version)),
        ("status", Arg::Text(&status)),
        ("id", Arg::Text(&id)),
        ("template", Arg::Text(&template.template)),
    ];
    let meta = Meta {
        title: w.get("agreement-meta-title", &names),
        author: author.to_string(),
        subject: w.get("agreement-meta-subject", &names),
        header: w.get("agreement-header", &names),
        footer: w.get("agreement-footer", &names),
        draft,
        lang,
    };
    let subtitle = w.get("agreement-subtitle", &names);
    let vars = variables_in(t, lang);
    let var = |k: &str| {
        vars.get(k)
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let cover: Vec<(String, String)> = if template.engine == Engine::Fill {
        cover_page_standard_1(t, us, partner, &var)
    } else {
        let text = |id: &str, args: &[(&str, &str)]| {
            let args: Vec<(&str, Arg)> = args.iter().map(|(k, v)| (*k, Arg::Text(v))).collect();
            w.get(id, &args)
        };
        let share = match t.revenue_share.share_bp {
            Some(bp) => text(
                "agreement-share",
                &[
                    ("share", &w.percent(bp)),
                    ("basis", &var("revenue_share.basis")),
                ],
            ),
            None => say("agreement-share-per-deal"),
        };
        let payment = match var("revenue_share.payment_terms_days") {
            d if d.is_empty() => var("revenue_share.schedule"),
            d => text(
                "agreement-payment",
                &[("schedule", &var("revenue_share.schedule")), ("days", &d)],
            ),
        };
        let after = |k: &str| match var(k) {
            m if m.is_empty() => say("agreement-during-term"),
            m => text("agreement-term-plus", &[("months", &m)]),
        };
        let term = match var("term.months") {
            m if m.is_empty() => say("agreement-until-terminated"),
            m if t.term.auto_renew => text("agreement-renews", &[("months", &m)]),
            m => m,
        };
        let effective = match (var("term.effective_date"), v.effective_on.as_deref()) {
            (d, _) if !d.is_empty() => d,
            (_, Some(signed)) => chrono::NaiveDate::parse_from_str(signed, "%Y-%m-%d")
                .map(|d| long_date_in(d, lang))
                .unwrap_or_else(|_| signed.to_string()),
            _ => say("agreement-when-signed"),
        };
        let or_say = |value: String, absent: &str| {
            if value.trim().is_empty() {
                say(absent)
            } else {
                value
            }
        };
        vec![
            (
                say("agreement-cover-parties"),
                text(
                    "agreement-parties-value",
                    &[("us", us), ("partner", partner)],
                ),
            ),
            (
                say("agreement-cover-relationship"),
                text(
                    "agreement-relationship-value",
                    &[
                        ("model", &var("relationship_model")),
                        (
                            "exclusivity",
                            &say(if t.exclusivity {
                                "agreement-exclusive"
                            } else {
                                "agreement-non-exclusive"
                            }),
                        ),
                    ],
                ),
            ),
            (
                say("agreement-cover-territory"),
                or_say(var("territory"), "agreement-not-limited"),
            ),
            (
                say("agreement-cover-verticals"),
                or_say(var("verticals"), "agreement-not-limited"),
            ),
            (
                say("agreement-cover-lead-protection"),
                or_say(
                    var("lead_registration.protection_days"),
                    "agreement-protection-until-won",
                ),
            ),
            (
                say("agreement-cover-customer-owner"),
                say(owner_label(t.customer_ownership.relationship)),
            ),
            (say("agreement-cover-share"), share),
            (say("agreement-cover-payment"), payment),
            (
                say("agreement-cover-non-solicitation"),
                text(
                    "agreement-non-solicitation-value",
                    &[
                        ("customers", &after("non_solicitation.customers_after")),
                        ("staff", &after("non_solicitation.staff_after")),
                    ],
                ),
            ),
            (say("agreement-cover-effective"), effective),
            (say("agreement-cover-term"), term),
            (
                say("agreement-cover-law"),
                or_say(var("law.governing"), "agreement-not-chosen"),
            ),
            (
                say("agreement-cover-courts"),
                or_say(var("law.courts"), "agreement-not-chosen"),
            ),
        ]
    };
    // standard-1 always titled its annexes A and B; later templates letter the ones present.
    let fixed = template.engine == Engine::Fill;
    let annex_letters = annexes(t);
    let letter = |which: Annex, fallback: char| {
        if fixed {
            fallback
        } else {
            annex_letters
                .iter()
                .find(|(a, _)| *a == which)
                .map_or(fallback, |(_, l)| *l)
        }
    };
    let blank = if fixed { NOT_APPLICABLE } else { "—" };
    let cell = |s: &str| or(s, blank).to_string();
    let mut prepared_annexes = Vec::new();
    let levels: Vec<_> = t
        .support
        .escalation
        .iter()
        .filter(|l| fixed || !l.level.trim().is_empty())
        .collect();
    if !levels.is_empty() {
        prepared_annexes.push(PreparedAnnex {
            heading: w.get(
                "agreement-annex-escalation",
                &[(
                    "letter",
                    Arg::Text(&letter(Annex::Escalation, 'A').to_string()),
                )],
            ),
            columns: vec![
                say("agreement-col-level"),
                us.to_string(),
                partner.to_string(),
                say("agreement-col-response"),
            ],
            widths: vec![1.2, 1.6, 1.6, 0.8],
            rows: levels
                .iter()
                .map(|l| {
                    vec![
                        l.level.clone(),
                        cell(&l.our_contact),
                        cell(&l.partner_contact),
                        l.response_hours
                            .map_or_else(|| blank.to_string(), |h| w.hours(h)),
                    ]
                })
                .collect(),
        });
    }
    let slas: Vec<_> = t
        .support
        .slas
        .iter()
        .filter(|s| fixed || !s.name.trim().is_empty())
        .collect();
    if !slas.is_empty() {
        prepared_annexes.push(PreparedAnnex {
            heading: w.get(
                "agreement-annex-slas",
                &[(
                    "letter",
                    Arg::Text(&letter(Annex::ServiceLevels, 'B').to_string()),
                )],
            ),
            columns: vec![
                say("agreement-col-service-level"),
                say("agreement-col-target"),
            ],
            widths: vec![2.0, 2.0],
            rows: slas
                .iter()
                .map(|s| vec![s.name.clone(), cell(&s.target)])
                .collect(),
        });
    }
    // Who signed, as recorded when the version was marked signed; before that, the terms' names.
    let signing = v
        .events
        .iter()
        .rev()
        .find(|e| e.status == crate::model::contract::VersionStatus::Signed);
    let signed = |recorded: Option<&crate::model::contract::Signatory>, name: &str, title: &str| {
        recorded.map_or_else(
            || (name.to_string(), title.to_string()),
            |s| (s.name.clone(), s.role.clone()),
        )
    };
    let (our_name, our_title) = signed(
        signing.and_then(|e| e.our_signatory.as_ref()),
        &t.parties.us.signatory,
        &t.parties.us.title,
    );
    let (partner_name, partner_title) = signed(
        signing.and_then(|e| e.partner_signatory.as_ref()),
        &t.parties.partner.signatory,
        &t.parties.partner.title,
    );
    Ok(Prepared {
        meta,
        title: template.title.clone(),
        subtitle,
        cover,
        clauses,
        annexes: prepared_annexes,
        signature_intro: say("agreement-signature-intro"),
        signatures: [
            SignatureBlock {
                party: us.to_string(),
                name: our_name,
                title: our_title,
            },
            SignatureBlock {
                party: partner.to_string(),
                name: partner_name,
                title: partner_title,
            },
        ],
    })
}

/// The cover page as standard-1 printed it (its versions read as they did).
fn cover_page_standard_1(
    t: &Terms,
    us: &str,
    partner: &str,
    var: &dyn Fn(&str) -> String,
) -> Vec<(String, String)> {
    let na = |s: String| {
        if s.trim().is_empty() {
            NOT_APPLICABLE.to_string()
        } else {
            s
        }
    };
    let var = |k: &str| na(var(k));
    let share = t
        .revenue_share
        .share_bp
        .map(percent)
        .unwrap_or_else(|| NOT_APPLICABLE.into());
    let rows: [(&str, String); 12] = [
        ("Parties", format!("{us} and {partner}")),
        (
            "Relationship",
            format!(
                "{}{}",
                var("relationship_model"),
                if t.exclusivity {
                    ", exclusive"
                } else {
                    ", non-exclusive"
                }
            ),
        ),
        ("Territory", var("territory")),
        ("Verticals", var("verticals")),
        ("Lead protection", var("lead_registration.protection_days")),
        (
            "Customer owner",
            Words::new(DocLanguage::En).get(owner_label(t.customer_ownership.relationship), &[]),
        ),
        (
            "Share",
            format!("{share} of the {}", var("revenue_share.basis")),
        ),
        (
            "Payment",
            format!(
                "{}, within {}",
                var("revenue_share.schedule"),
                var("revenue_share.payment_terms_days")
            ),
        ),
        (
            "Non-solicitation",
            format!(
                "customers {}, staff {}",
                var("non_solicitation.customers_months"),
                var("non_solicitation.staff_months")
            ),
        ),
        ("Effective", var("term.effective_on")),
        (
            "Term",
            format!(
                "{}{}",
                var("term.months"),
                if t.term.auto_renew {
                    ", renews automatically"
                } else {
                    ""
                }
            ),
        ),
        (
            "Law and courts",
            format!("{}; courts of {}", var("governing_law"), var("courts")),
        ),
    ];
    rows.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// Which format a path asks for, by its extension: `.docx` is Word, anything else PDF.
pub fn is_docx(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_1_renders_as_it_did_with_not_applicable_for_empty_terms() {
        // Versions written against standard-1 keep their wording (the template is append-only).
        let t = template("standard-1").expect("template");
        let clauses = render(&t, &Terms::default(), &ClauseSelection::default()).expect("render");
        assert_eq!(clauses.len(), t.clauses.len());
        for c in &clauses {
            for p in &c.paragraphs {
                assert!(!p.contains("{{") && !p.contains("}}"), "{p}");
                assert!(!p.contains("  "), "no blank where a value was: {p:?}");
            }
        }
        let share = clauses
            .iter()
            .find(|c| c.id == "revenue_share")
            .expect("share");
        assert!(
            share.paragraphs[0].contains("receives not applicable of the net revenue"),
            "{:?}",
            share.paragraphs
        );
    }

    #[test]
    fn clauses_switch_off_take_alternatives_and_custom_ones_are_numbered_in() {
        let t = template(CURRENT_TEMPLATE).expect("template");
        let terms = Terms {
            exclusivity: true,
            ..Terms::default()
        };
        let sel = ClauseSelection {
            choices: vec![ClauseChoice {
                id: "liability".into(),
                off: true,
                alternative: None,
            }],
            custom: vec![CustomClause {
                title: "Joint marketing".into(),
                text: "Each Party lists the other on its website.".into(),
                after: "support".into(),
            }],
        };
        let clauses = render(&t, &terms, &sel).expect("render");
        assert!(clauses.iter().all(|c| c.id != "liability"));
        let rel = clauses
            .iter()
            .find(|c| c.id == "relationship")
            .expect("rel");
        assert!(
            rel.paragraphs[0].contains("It is exclusive"),
            "{:?}",
            rel.paragraphs
        );
        let support = clauses
            .iter()
            .position(|c| c.id == "support")
            .expect("support");
        assert_eq!(clauses[support + 1].title, "Joint marketing");
        let numbers: Vec<i64> = clauses.iter().map(|c| c.number).collect();
        assert_eq!(numbers, (1..=clauses.len() as i64).collect::<Vec<_>>());
    }

    #[test]
    fn law_and_courts_read_as_the_object_of_their_sentence() {
        assert_eq!(law_phrase("Austria"), "the law of Austria");
        assert_eq!(law_phrase("AT"), "the law of Austria");
        assert_eq!(law_phrase("Austrian law"), "Austrian law");
        assert_eq!(
            law_phrase("The laws of England and Wales."),
            "the laws of England and Wales"
        );
        assert_eq!(law_phrase("deutsches Recht"), "deutsches Recht");
        assert_eq!(law_phrase("  "), "");
        assert_eq!(courts_phrase("Munich"), "the courts of Munich");
        assert_eq!(
            courts_phrase("The Commercial Court of Vienna"),
            "the Commercial Court of Vienna"
        );
        assert_eq!(
            courts_phrase("Landgericht München I"),
            "the Landgericht München I"
        );
        assert_eq!(courts_phrase(""), "");
        assert_eq!(
            mid_sentence("Named customer with a budget."),
            "named customer with a budget"
        );
        assert_eq!(mid_sentence("NDA signed first"), "NDA signed first");
        assert_eq!(mid_sentence("  "), "");
    }

    #[test]
    fn a_custom_clause_with_a_broken_placeholder_is_an_error_naming_it() {
        let t = template(CURRENT_TEMPLATE).expect("template");
        let sel = ClauseSelection {
            choices: vec![],
            custom: vec![CustomClause {
                title: "Joint marketing".into(),
                text: "Each Party lists {{ the_other }} on its website.".into(),
                after: String::new(),
            }],
        };
        let err = render(&t, &Terms::default(), &sel).expect_err("undefined name");
        assert!(err.to_string().contains("Joint marketing"), "{err}");
        assert!(
            err.to_string()
                .contains("names the_other, which is not a term"),
            "{err}"
        );
        let broken = ClauseSelection {
            choices: vec![],
            custom: vec![CustomClause {
                title: "Joint marketing".into(),
                text: "Each Party lists {% if territory %} the other.".into(),
                after: String::new(),
            }],
        };
        let err = render(&t, &Terms::default(), &broken).expect_err("syntax");
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn shares_and_money_are_written_without_floats() {
        assert_eq!(percent(1000), "10 %");
        assert_eq!(percent(1250), "12.5 %");
        assert_eq!(percent(1205), "12.05 %");
        assert_eq!(money(500_000, "EUR"), "5,000.00 EUR");
        assert_eq!(money(1_234_567, "JPY"), "1,234,567 JPY");
    }
}
