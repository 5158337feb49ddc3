//! What the core's tests build the same way: a book, a partner in it, a fixed day, a signing,
//! a draft, a PDF read back by poppler.

use allybook_core::agreement::{ClauseSelection, CURRENT_TEMPLATE};
use allybook_core::book;
use allybook_core::contract::{ContractVersion, Signatory, StatusChange, VersionStatus};
use allybook_core::domain::ProspectInput;
use allybook_core::terms::Terms;
use allybook_core::Store;
use chrono::NaiveDate;

/// A new, empty book in a temporary folder (dropped with the folder).
pub fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tmp");
    let s = Store::open(&dir.path().join("b.sqlite")).expect("open");
    (dir, s)
}

/// The person using the book, as Settings records it: "Anna Weber".
pub fn with_user(s: &mut Store) {
    book::set_user_name(s, "Anna Weber").expect("user");
}

/// Our company, as the profile records it: Keystone Managed IT GmbH, in euros.
pub fn with_keystone(s: &mut Store) {
    let mut p = book::profile(s.conn()).expect("profile");
    p.name = "Keystone".into();
    p.legal_name = "Keystone Managed IT GmbH".into();
    p.currency = "EUR".into();
    book::save_profile(s, &p).expect("profile");
}

/// A prospect with only a name, as typed into "Add prospect"; its id.
pub fn partner(s: &mut Store, name: &str) -> i64 {
    book::save_prospect(
        s,
        &ProspectInput {
            name: name.into(),
            ..ProspectInput::default()
        },
    )
    .expect("prospect")
}

/// A day written as ISO `YYYY-MM-DD`.
pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// A signing as the dialog records it: the day, and who signed for each party.
pub fn signing(on: chrono::NaiveDate) -> StatusChange {
    StatusChange {
        status: VersionStatus::Signed,
        on: Some(on.to_string()),
        our_signatory: Signatory {
            name: "Lena Huber".into(),
            role: "Managing Director".into(),
        },
        partner_signatory: Signatory {
            name: "Ola Nordmann".into(),
            role: "CEO".into(),
        },
        ..StatusChange::default()
    }
}

/// Version 1 of a contract, a draft of `terms` on the current template, as loaded.
pub fn draft(terms: &Terms) -> ContractVersion {
    ContractVersion {
        contract_id: 1,
        prospect_id: 1,
        title: "Referral agreement".into(),
        partner: terms.parties.partner.name.clone(),
        version: 1,
        status: VersionStatus::Draft,
        template_version: CURRENT_TEMPLATE.into(),
        terms: terms.clone(),
        clauses: ClauseSelection::default(),
        signed_on: None,
        attachment_name: None,
        attachment_sha256: None,
        created_at: "2026-12-02T10:00:00Z".into(),
        created_by: "Lena Huber".into(),
        effective_on: None,
        events: Vec::new(),
    }
}

/// What `program ARGS FILE` (with `-` after the file when `to_stdout`: poppler's "print it")
/// prints for `pdf` written to a temporary file; None where the program is missing or fails.
pub fn pdf_tool(program: &str, args: &[&str], pdf: &[u8], to_stdout: bool) -> Option<String> {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("a.pdf");
    std::fs::write(&path, pdf).expect("write");
    let mut cmd = std::process::Command::new(program);
    cmd.args(args).arg(&path);
    if to_stdout {
        cmd.arg("-");
    }
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
