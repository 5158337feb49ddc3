//! The agreement reads right for every terms: rendered for a generated set of terms covering
//! every optional field present and absent, its text (the clauses, and the PDF through
//! `pdftotext`) never says "not applicable", never doubles a word ("the law of Austrian law"),
//! never refers to a schedule the document does not carry, and never leaves `{{` behind.

use std::collections::BTreeSet;
use std::process::Command;

use allybook_core::agreement::{self, ClauseSelection, CURRENT_TEMPLATE};
use allybook_core::terms::{EscalationLevel, Sla, Terms};

/// The optional terms, each of which the generator sets or leaves empty.
const FIELDS: &[&str] = &[
    "us.address",
    "partner.address",
    "territory",
    "verticals",
    "qualifies",
    "protection_days",
    "cap",
    "share_bp",
    "floor",
    "ceiling",
    "payment_terms_days",
    "customers_months",
    "staff_months",
    "nda",
    "years",
    "dpa",
    "escalation",
    "slas",
    "effective_on",
    "months",
    "non_renewal_notice_days",
    "termination_notice_days",
    "survives",
    "governing_law",
    "courts",
    "auto_renew",
    "exclusivity",
];

/// Terms with the fields in `present` filled; `variant` picks between the forms a user types
/// (a country or "Austrian law", a city or a named court, one or several, zero or more).
fn terms(present: &BTreeSet<&str>, variant: u64) -> Terms {
    let on = |f: &str| present.contains(f);
    let pick = |n: u64| variant % n;
    let mut t = Terms::default();
    t.parties.us.name = "Alpenwerk IT GmbH".into();
    t.parties.partner.name = "Fjord Identity AS".into();
    t.revenue_share.currency = "EUR".into();
    if on("us.address") {
        t.parties.us.address = "Leopoldstraße 12, 80802 München".into();
    }
    if on("partner.address") {
        t.parties.partner.address = "Karl Johans gate 5, 0154 Oslo".into();
    }
    if on("territory") {
        t.territory = ["DACH", "Bavaria and Austria"][pick(2) as usize].into();
    }
    if on("verticals") {
        t.verticals = [vec!["Healthcare"], vec!["Healthcare", "Manufacturing"]][pick(2) as usize]
            .iter()
            .map(|s| s.to_string())
            .collect();
    }
    if on("qualifies") {
        t.lead_registration.qualifies =
            "a named customer with an identified need, budget and decision date".into();
    }
    if on("protection_days") {
        t.lead_registration.protection_days = Some([90, 1][pick(2) as usize]);
    }
    if on("cap") {
        t.lead_registration.cap = Some([5, 1][pick(2) as usize]);
    }
    if on("share_bp") {
        t.revenue_share.share_bp = Some([1000, 1250, 0][pick(3) as usize]);
    }
    if on("floor") {
        t.revenue_share.floor_minor = Some(50_000);
    }
    if on("ceiling") {
        t.revenue_share.ceiling_minor = Some(500_000);
    }
    if on("payment_terms_days") {
        t.revenue_share.payment_terms_days = Some(30);
    }
    if on("customers_months") {
        t.non_solicitation.customers_months = Some([12, 0, 1][pick(3) as usize]);
    }
    if on("staff_months") {
        t.non_solicitation.staff_months = Some([12, 0][pick(2) as usize]);
    }
    if on("nda") {
        t.confidentiality.nda_reference = "NDA-2026-014 of 3 March 2026".into();
    }
    if on("years") {
        t.confidentiality.years = Some([3, 0, 1][pick(3) as usize]);
    }
    if on("dpa") {
        t.confidentiality.dpa_reference = "DPA-2026-007".into();
    }
    if on("escalation") {
        t.support.escalation = vec![
            EscalationLevel {
                level: "Service desk".into(),
                our_contact: "desk@alpenwerk.example".into(),
                partner_contact: String::new(),
                response_hours: Some(4),
            },
            EscalationLevel {
                level: "Account managers".into(),
                our_contact: "Lena Huber".into(),
                partner_contact: "Ola Nordmann".into(),
                response_hours: None,
            },
        ];
    }
    if on("slas") {
        t.support.slas = vec![Sla {
            name: "Priority 1 response".into(),
            target: "1 hour, 24/7".into(),
        }];
    }
    if on("effective_on") {
        t.term.effective_on = Some("2027-01-01".into());
    }
    if on("months") {
        t.term.months = Some([12, 1, 36][pick(3) as usize]);
    }
    if on("non_renewal_notice_days") {
        t.term.non_renewal_notice_days = Some(20);
    }
    if on("termination_notice_days") {
        t.term.termination_notice_days = Some([20, 1][pick(2) as usize]);
    }
    if on("survives") {
        t.term.survives = vec![
            "Fees on deals closed during the term".into(),
            "Confidentiality.".into(),
        ];
    }
    if on("governing_law") {
        t.governing_law = [
            "Austria",
            "Austrian law",
            "AT",
            "the laws of England and Wales",
        ][pick(4) as usize]
            .into();
    }
    if on("courts") {
        t.courts = [
            "Vienna",
            "the Commercial Court of Vienna",
            "Landgericht München I",
        ][pick(3) as usize]
            .into();
    }
    t.term.auto_renew = on("auto_renew");
    t.exclusivity = on("exclusivity");
    assert!(t.validate().is_empty(), "{:?}", t.validate());
    t
}

/// A deterministic sequence (xorshift), so a failure names a combination that can be re-run.
struct Seq(u64);
impl Seq {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Every field present, every field absent, each field alone absent and alone present, and
/// seeded random combinations; each with a variant of the typed forms.
fn combinations() -> Vec<(BTreeSet<&'static str>, u64)> {
    let all: BTreeSet<&str> = FIELDS.iter().copied().collect();
    let mut out = Vec::new();
    for v in 0..12 {
        out.push((all.clone(), v));
        out.push((BTreeSet::new(), v));
    }
    for (i, f) in FIELDS.iter().enumerate() {
        let mut without = all.clone();
        without.remove(f);
        out.push((without, i as u64));
        out.push(([*f].into_iter().collect(), i as u64));
    }
    let mut seq = Seq(0x5eed_a11e_b00c_2026);
    for _ in 0..200 {
        let bits = seq.next();
        let set = FIELDS
            .iter()
            .enumerate()
            .filter(|(i, _)| bits >> i & 1 == 1)
            .map(|(_, f)| *f)
            .collect();
        out.push((set, seq.next() % 1000));
    }
    out
}

/// What a reader on the other side would object to in `text`.
fn problems(text: &str, terms: &Terms) -> Vec<String> {
    let mut found = Vec::new();
    let lower = text.to_lowercase();
    for bad in [
        "not applicable",
        "{{",
        "}}",
        "{%",
        "%}",
        "  ",
        " ,",
        " .",
        " ;",
        ",.",
        ";.",
    ] {
        if lower.contains(bad) {
            found.push(format!("contains {bad:?}"));
        }
    }
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    for pair in words.windows(2) {
        if pair[0].eq_ignore_ascii_case(pair[1]) {
            found.push(format!("doubled word {:?}", pair[0]));
        }
    }
    for sentence in lower.split(". ") {
        if let Some(at) = sentence.find("law of") {
            let rest = &sentence[at + "law of".len()..];
            if rest.split(|c: char| !c.is_alphabetic()).any(|w| w == "law") {
                found.push(format!("law of … law: {sentence:?}"));
            }
        }
    }
    // A schedule is mentioned only when the document carries it.
    let annexes = agreement::annexes(terms);
    let has = |a: agreement::Annex| annexes.iter().any(|(x, _)| *x == a);
    if lower.contains("escalation matrix") && !has(agreement::Annex::Escalation) {
        found.push("refers to an escalation matrix it does not carry".into());
    }
    if lower.contains("service levels in") && !has(agreement::Annex::ServiceLevels) {
        found.push("refers to service levels it does not carry".into());
    }
    if lower.contains("price list") {
        found.push("refers to a price list it does not carry".into());
    }
    for letter in ['A', 'B', 'C', 'D'] {
        let named = format!("Annex {letter}");
        let carried = annexes.iter().any(|(_, l)| *l == letter);
        if text.contains(&named) && !carried {
            found.push(format!("refers to {named}, which it does not carry"));
        }
    }
    found
}

fn clause_text_in(t: &Terms, template: &str) -> String {
    let template = agreement::template(template).expect("template");
    let clauses = agreement::render(&template, t, &ClauseSelection::default()).expect("renders");
    clauses
        .iter()
        .flat_map(|c| c.paragraphs.iter().cloned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Renders every combination with `template` and fails with the first that reads wrong, by
/// `problems` and by `more` (what a language adds to the checks).
fn every_combination_reads(template: &str, more: &dyn Fn(&str, &Terms) -> Vec<String>) {
    let mut failures = Vec::new();
    let combos = combinations();
    for (present, variant) in &combos {
        let t = terms(present, *variant);
        let text = clause_text_in(&t, template);
        let mut p = problems(&text, &t);
        p.extend(more(&text, &t));
        if !p.is_empty() {
            failures.push(format!("{present:?} variant {variant}: {p:?}\n{text}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} combinations read wrong; first:\n{}",
        failures.len(),
        combos.len(),
        failures[0]
    );
}

#[test]
fn every_combination_of_terms_reads_as_prose() {
    every_combination_reads(CURRENT_TEMPLATE, &|_, _| Vec::new());
}

#[test]
fn every_combination_of_terms_reads_as_prose_in_german_too() {
    every_combination_reads("standard-2-de", &|text, t| {
        let mut p = Vec::new();
        // What the terms become in a sentence is German; the user's own words stay as written.
        for english in [
            " days",
            " day ",
            " months",
            " years",
            "the Partner",
            "the Party",
            "both Parties",
            " within ",
            "monthly",
            "quarterly",
            "annually",
            "of the deal",
            "the law of",
            "the courts of",
            "Annex",
            "non-exclusive",
            "prevails",
            "co-selling",
        ] {
            if text.contains(english) {
                p.push(format!("English {english:?} in the German text"));
            }
        }
        for letter in ['A', 'B', 'C'] {
            let named = format!("Anlage {letter}");
            let carried = agreement::annexes(t).iter().any(|(_, l)| *l == letter);
            if text.contains(&named) && !carried {
                p.push(format!("refers to {named}, which it does not carry"));
            }
        }
        p
    });
}

#[test]
fn the_check_catches_what_the_first_template_wrote() {
    // standard-1 (kept for the versions written with it) spliced empty terms in as
    // "not applicable": the check must see that, or it proves nothing.
    let template = agreement::template("standard-1").expect("template");
    let t = terms(&BTreeSet::new(), 0);
    let text = agreement::render(&template, &t, &ClauseSelection::default())
        .expect("renders")
        .iter()
        .flat_map(|c| c.paragraphs.iter().cloned())
        .collect::<Vec<_>>()
        .join("\n");
    let p = problems(&text, &t);
    assert!(p.iter().any(|p| p.contains("not applicable")), "{p:?}");
    assert!(p.iter().any(|p| p.contains("escalation matrix")), "{p:?}");
    let law = Terms {
        governing_law: "Austrian law".into(),
        ..t.clone()
    };
    let text = agreement::render(&template, &law, &ClauseSelection::default())
        .expect("renders")
        .iter()
        .flat_map(|c| c.paragraphs.iter().cloned())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        problems(&text, &law).iter().any(|p| p.contains("law of")),
        "{text}"
    );
}

fn version(t: &Terms) -> allybook_core::contract::ContractVersion {
    crate::support::draft(t)
}

/// The PDF's text as `pdftotext` reads it, without the running header and footer lines.
fn pdf_text(pdf: &[u8], dir: &std::path::Path) -> Option<String> {
    let path = dir.join("agreement.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .ok()?;
    assert!(out.status.success(), "pdftotext failed");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    Some(
        text.lines()
            .filter(|l| {
                !l.starts_with("Partner Agreement — ")
                    && !l.starts_with("Version 1 · ")
                    && !l.trim().starts_with("Page ")
                    && !l.trim().chars().all(|c| c.is_ascii_digit())
            })
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

#[test]
fn the_pdf_of_every_combination_reads_as_prose() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut checked = 0;
    let mut failures = Vec::new();
    // Every field present and absent, each alone, and a sample of the random ones.
    let combos = combinations();
    for (present, variant) in combos.iter().take(24 + 2 * FIELDS.len() + 20) {
        let t = terms(present, *variant);
        let pdf = agreement::document(&version(&t), "Lena Huber").expect("pdf");
        let Some(text) = pdf_text(&pdf, dir.path()) else {
            println!(
                "note: pdftotext (poppler-utils) is not installed; the PDF text is not checked"
            );
            return;
        };
        // Hyphenation splits words at line ends: join them before reading.
        let joined = text.replace("-\n", "").replace('\n', " ");
        // The tables (annexes, signature block) set cells side by side ("Signature Signature"):
        // words are read as prose up to them, everything else on the whole text.
        let prose_end = ["Annex A — ", "Signatures Signed for"]
            .iter()
            .filter_map(|h| joined.find(h))
            .min()
            .unwrap_or(joined.len());
        let mut p = problems(&joined[..prose_end], &t);
        p.extend(
            problems(&joined, &t)
                .into_iter()
                .filter(|p| !p.starts_with("doubled word")),
        );
        // Each annex the text refers to is in the document, under its heading.
        for (_, letter) in agreement::annexes(&t) {
            if !joined.contains(&format!("Annex {letter} — ")) {
                p.push(format!("no heading for Annex {letter}"));
            }
        }
        if !p.is_empty() {
            failures.push(format!("{present:?} variant {variant}: {p:?}\n{joined}"));
        }
        checked += 1;
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} PDFs read wrong; first:\n{}",
        failures.len(),
        failures[0]
    );
}
