//! Contracts with a partner and their versions. Each saved change of terms or clauses is a new
//! version (v1, v2, …), draft → sent → signed → active → expired or terminated. A signed version
//! is frozen (a trigger refuses changes to it); editing it starts a new draft.

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use ts_rs::TS;

use crate::model::domain::FieldError;
use crate::model::error::{Error, Result};
use crate::model::terms::{RelationshipModel, Terms};
use crate::ops::clauses;
use crate::render::agreement;
use crate::store::queries::contracts as q;
use crate::store::queries::settings::setting;
use crate::Store;

pub use crate::store::queries::contracts::{list, version, versions};

pub use crate::model::contract::{
    ClauseSelection, ContractEvent, ContractSummary, ContractVersion, Signatory, StatusChange,
    VersionInfo, VersionStatus,
};

/// A new contract's title, in the language its agreement will be written in.
fn title_for(t: &Terms, lang: crate::model::words::DocLanguage) -> String {
    let w = crate::model::words::Words::new(lang);
    w.get(
        match t.relationship_model {
            RelationshipModel::Referral => "contract-title-referral",
            RelationshipModel::Resell => "contract-title-resell",
            RelationshipModel::Subcontract => "contract-title-subcontract",
            RelationshipModel::CoSell => "contract-title-co_sell",
        },
        &[],
    )
}

/// Deep-merges `over` into `base`: objects key by key, anything else replaced.
fn merge(base: &mut serde_json::Value, over: serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(b), serde_json::Value::Object(o)) => {
            for (k, v) in o {
                merge(b.entry(k).or_insert(serde_json::Value::Null), v);
            }
        }
        (b, o) => *b = o,
    }
}

/// Terms from a user's JSON (the shape the app uses): what it leaves out takes the template's
/// defaults for this partner.
/// Every field is checked by name and type first, on the user's JSON alone: an unknown field
/// (`sharee`), a wrong type or a number out of range is refused with its dotted path and the
/// line and column where it is.
pub fn terms_from_json(conn: &Connection, prospect: i64, json: &str) -> Result<Terms> {
    let de = &mut serde_json::Deserializer::from_str(json);
    let strict: std::result::Result<Terms, _> = serde_path_to_error::deserialize(de);
    if let Err(e) = strict {
        let path = e.path().to_string();
        let inner = e.inner();
        let at = if path == "." || path.is_empty() {
            String::new()
        } else {
            format!("{path}: ")
        };
        return Err(Error::invalid(
            "terms",
            format!(
                "{at}{} (line {}, column {})",
                message_without_position(inner),
                inner.line(),
                inner.column()
            ),
        ));
    }
    let over: serde_json::Value = serde_json::from_str(json).map_err(|e| {
        Error::invalid(
            "terms",
            format!("line {}, column {}: {e}", e.line(), e.column()),
        )
    })?;
    let base = template_terms(conn, prospect)?;
    let mut v = serde_json::to_value(base)?;
    merge(&mut v, over);
    serde_json::from_value(v).map_err(|e| Error::invalid("terms", e.to_string()))
}

/// serde_json's message without its " at line L column C" (the caller says where).
fn message_without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

fn template_terms(conn: &Connection, prospect: i64) -> Result<Terms> {
    let name = crate::store::queries::pipeline::prospect_name(conn, prospect)?;
    Ok(Terms::template_in(
        &crate::store::queries::profile::profile(conn)?,
        &name,
        crate::store::queries::settings::document_language(conn)?,
    ))
}

fn check(terms: &Terms) -> Result<()> {
    let errors = terms.validate();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Fields(errors))
    }
}

fn insert_version(
    tx: &Transaction<'_>,
    contract: i64,
    version: i64,
    terms: &Terms,
    clauses: &ClauseSelection,
) -> Result<()> {
    let by = setting(tx, crate::store::queries::settings::SETTING_USER_NAME)?.unwrap_or_default();
    let effective = terms.term.effective_on.clone().filter(|d| !d.is_empty());
    let expires = effective.as_deref().and_then(|e| {
        let e = chrono::NaiveDate::parse_from_str(e, "%Y-%m-%d").ok()?;
        let m = u32::try_from(terms.term.months?).ok()?;
        e.checked_add_months(chrono::Months::new(m))
            .map(|d| d.to_string())
    });
    let template = clauses::current_template(tx)?;
    q::insert_version(
        tx, contract, version, &template, terms, clauses, effective, expires, &by,
    )
}

/// A new contract with the partner, its v1 a draft of these terms (or the template's).
pub fn create(store: &mut Store, prospect: i64, terms: Option<Terms>) -> Result<i64> {
    let terms = match terms {
        Some(t) => t,
        None => template_terms(store.conn(), prospect)?,
    };
    check(&terms)?;
    store.write(|tx| {
        let lang = crate::store::queries::settings::document_language(tx)?;
        let id = q::insert_contract(tx, prospect, &title_for(&terms, lang))?;
        insert_version(tx, id, 1, &terms, &ClauseSelection::default())?;
        Ok(id)
    })
}

/// Saves changed terms or clauses as the next version, a draft. Editing a signed version this
/// way is how a frozen version changes: the signed one stays as it was.
pub fn save(
    store: &mut Store,
    contract: i64,
    terms: &Terms,
    clauses: &ClauseSelection,
) -> Result<ContractVersion> {
    check(terms)?;
    // A clause that cannot be written (a user's clause naming a term that does not exist) is
    // refused here, not when the agreement is printed.
    agreement::render(
        &clauses::template_in(store.conn(), &clauses::current_template(store.conn())?)?,
        terms,
        clauses,
    )?;
    let latest = version(store.conn(), contract, None)?;
    if &latest.terms == terms && &latest.clauses == clauses {
        return Err(Error::Conflict(format!(
            "nothing changed since version {}",
            latest.version
        )));
    }
    store.write(|tx| insert_version(tx, contract, latest.version + 1, terms, clauses))?;
    version(store.conn(), contract, None)
}

/// What a version needs before it can be signed, by field: both parties named, both signatories
/// with their roles, a share when the agreement pays one (0 % is a choice; empty is not), and
/// a signing date that is not in the future.
fn signing_problems(
    v: &ContractVersion,
    change: &StatusChange,
    on: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut err = |field: &str, key: &str| errors.push(FieldError::said(field, key, &[]));
    if on > today {
        err("on", "invalid.signed_in_future");
    }
    for (field, value, what) in [
        (
            "our_signatory.name",
            &change.our_signatory.name,
            "invalid.our_signatory",
        ),
        (
            "our_signatory.role",
            &change.our_signatory.role,
            "invalid.our_role",
        ),
        (
            "partner_signatory.name",
            &change.partner_signatory.name,
            "invalid.partner_signatory",
        ),
        (
            "partner_signatory.role",
            &change.partner_signatory.role,
            "invalid.partner_role",
        ),
    ] {
        if value.trim().is_empty() {
            err(field, what);
        }
    }
    let t = &v.terms;
    if t.parties.us.name.trim().is_empty() {
        err("parties.us.name", "invalid.our_name_to_sign");
    }
    if t.parties.partner.name.trim().is_empty() {
        err("parties.partner.name", "invalid.partner_name_to_sign");
    }
    if t.revenue_share.share_bp.is_none() {
        err("revenue_share.share_bp", "invalid.share_to_sign");
    }
    errors
}

fn day_of(field: &str, text: Option<&str>, today: chrono::NaiveDate) -> Result<chrono::NaiveDate> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(today),
        Some(t) => match chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            Ok(d) if (1900..=2200).contains(&chrono::Datelike::year(&d)) => Ok(d),
            _ => Err(Error::Fields(vec![FieldError::new(
                field,
                format!("{t:?} is not a date between 1900 and 2200; use YYYY-MM-DD."),
            )])),
        },
    }
}

/// Moves a version along draft → sent → signed → active → expired / terminated, and records
/// the change. Signing needs its date and both signatories (see [`signing_problems`]) and
/// makes the signing date the effective date when the terms give none, so a signed version is
/// always in force from some day; terminating and expiring need their date and a reason.
pub fn change_status(
    store: &mut Store,
    contract: i64,
    v: i64,
    change: &StatusChange,
    today: chrono::NaiveDate,
) -> Result<ContractVersion> {
    let next = change.status;
    let on = day_of("on", change.on.as_deref(), today)?;
    let by = setting(
        store.conn(),
        crate::store::queries::settings::SETTING_USER_NAME,
    )?
    .unwrap_or_default();
    // Checked inside the write transaction: another window cannot move it in between.
    store.write(|tx| {
        let current = version(tx, contract, Some(v))?;
        if !current.status.can_become(next) {
            return Err(Error::Conflict(format!(
                "version {v} is {}; it cannot become {}",
                current.status.as_str(),
                next.as_str()
            )));
        }
        // Signatories the user leaves empty are those the terms name.
        let mut change = change.clone();
        let parties = &current.terms.parties;
        for (s, name, role) in [
            (
                &mut change.our_signatory,
                &parties.us.signatory,
                &parties.us.title,
            ),
            (
                &mut change.partner_signatory,
                &parties.partner.signatory,
                &parties.partner.title,
            ),
        ] {
            if s.name.trim().is_empty() {
                s.name = name.clone();
            }
            if s.role.trim().is_empty() {
                s.role = role.clone();
            }
        }
        let change = &change;
        let mut problems = match next {
            VersionStatus::Signed => signing_problems(&current, change, on, today),
            _ => Vec::new(),
        };
        if matches!(next, VersionStatus::Terminated | VersionStatus::Expired) {
            if change.reason.trim().is_empty() {
                problems.push(FieldError::said("reason", "invalid.status_reason", &[]));
            }
            if let Some(signed) = current.signed_on.as_deref() {
                if on.to_string().as_str() < signed {
                    problems.push(FieldError::said(
                        "on",
                        "invalid.before_signed",
                        &[("date", signed.to_string())],
                    ));
                }
            }
        }
        if !problems.is_empty() {
            return Err(Error::Fields(problems));
        }
        let on_text = on.to_string();
        if next == VersionStatus::Signed {
            // The terms' own effective date stands; without one, the agreement takes effect on
            // the day it is signed (and runs its months from then).
            let effective = current
                .terms
                .term
                .effective_on
                .clone()
                .filter(|d| !d.trim().is_empty());
            let (effective, expires) = match effective {
                Some(_) => (None, None),
                None => {
                    let expires = current.terms.term.months.and_then(|m| {
                        on.checked_add_months(chrono::Months::new(u32::try_from(m).ok()?))
                            .map(|d| d.to_string())
                    });
                    (Some(on_text.clone()), expires)
                }
            };
            q::mark_signed(tx, contract, v, &on_text, effective, expires)?;
        } else {
            q::set_status(tx, contract, v, next)?;
        }
        let signatories = if next == VersionStatus::Signed {
            Some((&change.our_signatory, &change.partner_signatory))
        } else {
            None
        };
        q::record_event(
            tx,
            contract,
            v,
            next,
            &on_text,
            change.reason.trim(),
            signatories,
            &by,
        )?;
        version(tx, contract, Some(v))
    })
}

/// Records a scanned signed copy: its file name and SHA-256 (the file itself stays where the
/// user keeps it).
pub fn attach(
    store: &mut Store,
    contract: i64,
    v: i64,
    path: &std::path::Path,
) -> Result<ContractVersion> {
    let bytes =
        std::fs::read(path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    let digest = sha2::Sha256::digest(&bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    version(store.conn(), contract, Some(v))?;
    store.write(|tx| q::set_attachment(tx, contract, v, &name, &hex))?;
    version(store.conn(), contract, Some(v))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TermChange {
    /// Dotted path, e.g. `revenue_share.share_bp`.
    pub field: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ClauseChange {
    pub title: String,
    /// Empty when the clause is new in `after`.
    pub before: String,
    /// Empty when the clause is gone in `after`.
    pub after: String,
    /// `before` → `after` word by word: runs of unchanged, removed and added text.
    pub words: Vec<WordChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Same,
    Removed,
    Added,
}

/// A run of text in a word-level comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WordChange {
    pub change: Change,
    pub text: String,
}

/// Word-level differences (whitespace kept with the words), adjacent runs of one kind merged.
///
/// Myers' algorithm with `TextDiff`'s hooks, called directly over `similar`'s word tokens (the
/// split `TextDiff::from_words` makes: words and the whitespace between them): `TextDiff`
/// instantiates all six of the crate's algorithms, 0.3 MB of the executable for this one
/// comparison (issue 13). A test checks both give the same runs.
pub fn word_changes(before: &str, after: &str) -> Vec<WordChange> {
    use similar::algorithms::{myers, Capture, Compact, Replace};
    use similar::{DiffOp, DiffableStr};
    let old = before.tokenize_words();
    let new = after.tokenize_words();
    // The hooks `TextDiff` runs Myers with: compaction, then replacements, captured.
    let mut hooks = Compact::new(Replace::new(Capture::new()), &old, &new);
    // Capture's error type is `Infallible`.
    let _ = myers::diff(&mut hooks, &old, 0..old.len(), &new, 0..new.len());
    let capture = hooks.into_inner().into_inner();
    let mut out: Vec<WordChange> = Vec::new();
    let mut push = |change: Change, words: &[&str]| {
        for w in words {
            match out.last_mut() {
                Some(last) if last.change == change => last.text.push_str(w),
                _ => out.push(WordChange {
                    change,
                    text: (*w).to_string(),
                }),
            }
        }
    };
    for op in capture.into_ops() {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                push(Change::Same, &old[old_index..old_index + len])
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => push(Change::Removed, &old[old_index..old_index + old_len]),
            DiffOp::Insert {
                new_index, new_len, ..
            } => push(Change::Added, &new[new_index..new_index + new_len]),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push(Change::Removed, &old[old_index..old_index + old_len]);
                push(Change::Added, &new[new_index..new_index + new_len]);
            }
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Comparison {
    pub contract_id: i64,
    pub before: i64,
    pub after: i64,
    pub terms: Vec<TermChange>,
    pub clauses: Vec<ClauseChange>,
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&p, v, out);
            }
        }
        serde_json::Value::Array(a) if a.iter().all(|x| !x.is_object()) => out.push((
            prefix.to_string(),
            a.iter()
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join("; "),
        )),
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                flatten(&format!("{prefix}.{i}"), x, out);
            }
        }
        serde_json::Value::Null => out.push((prefix.to_string(), String::new())),
        serde_json::Value::String(s) => out.push((prefix.to_string(), s.clone())),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

/// What changed between two versions: terms field by field, clause text side by side.
pub fn compare(conn: &Connection, contract: i64, a: i64, b: i64) -> Result<Comparison> {
    let va = version(conn, contract, Some(a))?;
    let vb = version(conn, contract, Some(b))?;
    let (mut fa, mut fb) = (Vec::new(), Vec::new());
    flatten("", &serde_json::to_value(&va.terms)?, &mut fa);
    flatten("", &serde_json::to_value(&vb.terms)?, &mut fb);
    let mut terms = Vec::new();
    for (k, before) in &fa {
        let after = fb
            .iter()
            .find(|(k2, _)| k2 == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        if &after != before {
            terms.push(TermChange {
                field: k.clone(),
                before: before.clone(),
                after,
            });
        }
    }
    for (k, after) in &fb {
        if !fa.iter().any(|(k2, _)| k2 == k) {
            terms.push(TermChange {
                field: k.clone(),
                before: String::new(),
                after: after.clone(),
            });
        }
    }
    let ca = agreement::render(
        &clauses::template_in(conn, &va.template_version)?,
        &va.terms,
        &va.clauses,
    )?;
    let cb = agreement::render(
        &clauses::template_in(conn, &vb.template_version)?,
        &vb.terms,
        &vb.clauses,
    )?;
    let key = |c: &agreement::RenderedClause| format!("{}\u{1f}{}", c.id, c.title);
    let mut clauses = Vec::new();
    for c in &ca {
        let text = c.paragraphs.join("\n\n");
        match cb.iter().find(|d| key(d) == key(c)) {
            Some(d) if d.paragraphs.join("\n\n") == text => {}
            Some(d) => {
                let after = d.paragraphs.join("\n\n");
                clauses.push(ClauseChange {
                    title: c.title.clone(),
                    words: word_changes(&text, &after),
                    before: text,
                    after,
                })
            }
            None => clauses.push(ClauseChange {
                title: c.title.clone(),
                words: word_changes(&text, ""),
                before: text,
                after: String::new(),
            }),
        }
    }
    for d in cb.iter().filter(|d| !ca.iter().any(|c| key(c) == key(d))) {
        let after = d.paragraphs.join("\n\n");
        clauses.push(ClauseChange {
            title: d.title.clone(),
            words: word_changes("", &after),
            before: String::new(),
            after,
        });
    }
    Ok(Comparison {
        contract_id: contract,
        before: a,
        after: b,
        terms,
        clauses,
    })
}

/// The terms a new contract with this partner starts from.
pub fn default_terms(conn: &Connection, prospect: i64) -> Result<Terms> {
    template_terms(conn, prospect)
}

/// Renders version `version` (the latest when None) of `contract` as a PDF. Drafts and sent
/// versions carry the DRAFT mark; signed ones do not.
pub fn pdf(conn: &Connection, contract: i64, version: Option<i64>) -> Result<Vec<u8>> {
    let v = self::version(conn, contract, version)?;
    let author = crate::store::queries::settings::setting(
        conn,
        crate::store::queries::settings::SETTING_USER_NAME,
    )?
    .unwrap_or_default();
    agreement::layout_pdf(&agreement::prepare_with(
        &v,
        clauses::template_in(conn, &v.template_version)?,
        &author,
    )?)
}

/// Renders version `version` (the latest when None) of `contract` as a Word document.
pub fn docx(conn: &Connection, contract: i64, version: Option<i64>) -> Result<Vec<u8>> {
    let v = self::version(conn, contract, version)?;
    let author = crate::store::queries::settings::setting(
        conn,
        crate::store::queries::settings::SETTING_USER_NAME,
    )?
    .unwrap_or_default();
    crate::render::agreement_docx::write(&agreement::prepare_with(
        &v,
        clauses::template_in(conn, &v.template_version)?,
        &author,
    )?)
}

/// Renders and writes the agreement to `path` (complete or not at all) as a PDF, or as a Word
/// document when the path ends in `.docx`; returns its size.
pub fn write_pdf(
    conn: &Connection,
    contract: i64,
    version: Option<i64>,
    path: &std::path::Path,
) -> Result<usize> {
    let bytes = if agreement::is_docx(path) {
        docx(conn, contract, version)?
    } else {
        pdf(conn, contract, version)?
    };
    crate::store::files::write_atomically(path, &bytes)?;
    Ok(bytes.len())
}

/// `allybook contract create PARTNER [--terms FILE]`: the partner by id or exact name; the
/// terms from a JSON file over the partner's template (errors name the file), or the template.
pub fn create_named(
    store: &mut Store,
    partner: &str,
    terms_file: Option<&std::path::Path>,
) -> Result<i64> {
    let prospect = crate::store::queries::pipeline::resolve_prospect(store.conn(), partner)?;
    let terms = match terms_file {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?;
            Some(
                terms_from_json(store.conn(), prospect, &text).map_err(|e| match e {
                    Error::Invalid { message, .. } => {
                        Error::invalid(file.display().to_string(), message)
                    }
                    other => other,
                })?,
            )
        }
        None => None,
    };
    create(store, prospect, terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `similar::TextDiff::from_words` reports, runs merged as `word_changes` merges them.
    fn by_text_diff(before: &str, after: &str) -> Vec<(Change, String)> {
        let diff = similar::TextDiff::from_words(before, after);
        let mut out: Vec<(Change, String)> = Vec::new();
        for c in diff.iter_all_changes() {
            let change = match c.tag() {
                similar::ChangeTag::Equal => Change::Same,
                similar::ChangeTag::Delete => Change::Removed,
                similar::ChangeTag::Insert => Change::Added,
            };
            match out.last_mut() {
                Some(last) if last.0 == change => last.1.push_str(c.value()),
                _ => out.push((change, c.value().to_string())),
            }
        }
        out
    }

    #[test]
    fn word_changes_read_as_the_text_diff_of_words() {
        let pairs = [
            ("", ""),
            ("", "Either party may end this agreement."),
            ("Either party may end this agreement.", ""),
            (
                "Revenue is shared 70/30 within 30 days.",
                "Revenue is shared 60/40 within 45 days of payment.",
            ),
            (
                "Notice of 90 days,  in writing.\nSigned in Munich.",
                "Notice of 60 days, in writing.\r\nSigned in Berlin.",
            ),
            ("الشريك يلتزم بالسرية", "الشريك يلتزم بعدم الاستقطاب"),
            ("ผู้ร่วมงาน ตกลง", "ผู้ร่วมงาน ไม่ตกลง"),
        ];
        // Over 100 words, `TextDiff` trims and numbers the words first (output-neutral).
        let long_before = "The partner registers each lead in writing within 10 days. ".repeat(30);
        let long_after = long_before
            .replacen("10 days", "5 business days", 3)
            .replace("writing within 10", "writing, by email, within 10");
        let pairs = pairs
            .into_iter()
            .chain([(long_before.as_str(), long_after.as_str())]);
        for (before, after) in pairs {
            let ours: Vec<(Change, String)> = word_changes(before, after)
                .into_iter()
                .map(|w| (w.change, w.text))
                .collect();
            assert_eq!(ours, by_text_diff(before, after), "{before:?} → {after:?}");
            // Read without what was added, the runs give `before`; without what was removed, `after`.
            let without = |left_out: Change| -> String {
                ours.iter()
                    .filter(|(c, _)| *c != left_out)
                    .map(|(_, t)| t.as_str())
                    .collect()
            };
            assert_eq!(without(Change::Added), before);
            assert_eq!(without(Change::Removed), after);
        }
    }
}
