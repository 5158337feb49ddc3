//! Contracts and agreement PDFs: versions, frozen signed versions, comparison, and the PDF
//! parsed back (party names in any script, page count, fonts subset, DRAFT only on drafts).

use std::process::Command;

use allybook_core::agreement::{self, ClauseChoice, ClauseSelection, CustomClause};
use allybook_core::contract::{self, VersionStatus};
use allybook_core::{Error, Store};
use chrono::NaiveDate;

use crate::support::{partner, signing};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("day")
}

fn store() -> (tempfile::TempDir, Store) {
    let (dir, mut s) = crate::support::store();
    crate::support::with_user(&mut s);
    crate::support::with_keystone(&mut s);
    (dir, s)
}

#[test]
fn a_contract_gets_versions_and_a_signed_version_is_frozen() {
    let (dir, mut s) = store();
    let p = partner(&mut s, "Fjord Identity AS");
    let terms = contract::terms_from_json(s.conn(), p, r#"{"revenue_share": {"share_bp": 1500}}"#)
        .expect("terms");
    assert_eq!(terms.revenue_share.share_bp, Some(1500));
    assert_eq!(
        terms.term.months,
        Some(12),
        "left out: the template's default"
    );
    assert_eq!(terms.parties.partner.name, "Fjord Identity AS");
    let id = contract::create(&mut s, p, Some(terms.clone())).expect("create");

    let v1 = contract::version(s.conn(), id, None).expect("v1");
    assert_eq!((v1.version, v1.status), (1, VersionStatus::Draft));

    // Saving a change makes v2; saving nothing new is refused.
    let mut changed = terms.clone();
    changed.revenue_share.share_bp = Some(2000);
    let v2 = contract::save(&mut s, id, &changed, &ClauseSelection::default()).expect("v2");
    assert_eq!(v2.version, 2);
    let same = contract::save(&mut s, id, &changed, &ClauseSelection::default());
    assert_eq!(same.map(|_| ()).expect_err("unchanged").code(), "conflict");

    // Sign v2: frozen in the database itself.
    let signed = contract::change_status(&mut s, id, 2, &signing(day()), day()).expect("sign");
    assert_eq!(signed.signed_on.as_deref(), Some("2026-11-26"));
    let err = s
        .write(|tx| {
            tx.execute(
                "UPDATE contract_version SET terms_json = '{}' WHERE contract_id = ?1 AND version = 2",
                [id],
            )?;
            Ok(())
        })
        .expect_err("frozen");
    assert!(err.to_string().contains("frozen"), "{err}");
    // Editing after signing starts a new draft; the signed one stays.
    changed.territory = "DACH".into();
    let v3 = contract::save(&mut s, id, &changed, &ClauseSelection::default()).expect("v3");
    assert_eq!((v3.version, v3.status), (3, VersionStatus::Draft));
    let v2 = contract::version(s.conn(), id, Some(2)).expect("v2");
    assert_eq!(v2.status, VersionStatus::Signed);
    assert_eq!(v2.terms.territory, "");
    // Statuses follow their order.
    let err = contract::change_status(
        &mut s,
        id,
        3,
        &contract::StatusChange {
            status: VersionStatus::Expired,
            reason: "End of term".into(),
            ..contract::StatusChange::default()
        },
        day(),
    )
    .expect_err("order");
    assert_eq!(err.code(), "conflict");

    // The scanned signed copy: its name and SHA-256 are recorded on the signed version.
    let scan = dir.path().join("signed-v2.pdf");
    std::fs::write(&scan, b"abc").expect("scan");
    let v2 = contract::attach(&mut s, id, 2, &scan).expect("attach");
    assert_eq!(v2.attachment_name.as_deref(), Some("signed-v2.pdf"));
    assert_eq!(
        v2.attachment_sha256.as_deref(),
        Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        "SHA-256 of \"abc\""
    );
    let missing =
        contract::attach(&mut s, id, 2, &dir.path().join("nope.pdf")).expect_err("missing");
    assert_eq!(missing.code(), "io");
    assert!(missing.to_string().contains("nope.pdf"), "{missing}");

    let list = contract::list(s.conn()).expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].versions, list[0].status),
        (3, VersionStatus::Draft)
    );
    assert_eq!(list[0].partner, "Fjord Identity AS");
}

#[test]
fn invalid_terms_are_refused_field_by_field_and_nothing_is_written() {
    let (_d, mut s) = store();
    let p = partner(&mut s, "Bastion SecOps Ltd");
    let mut t = contract::terms_from_json(s.conn(), p, "{}").expect("terms");
    t.revenue_share.share_bp = Some(10_001);
    t.term.termination_notice_days = Some(400);
    match contract::create(&mut s, p, Some(t)) {
        Err(Error::Fields(f)) => {
            let fields: Vec<&str> = f.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(
                fields,
                ["revenue_share.share_bp", "term.termination_notice_days"]
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(contract::list(s.conn()).expect("list").is_empty());
    let err =
        contract::terms_from_json(s.conn(), p, "{\n  \"territory\": 5,\n}").expect_err("bad json");
    assert_eq!(err.code(), "invalid_input");
    // The first problem, by field and place: the wrong type on line 2.
    assert!(err.to_string().contains("territory: invalid type"), "{err}");
    assert!(err.to_string().contains("line 2"), "{err}");
}

#[test]
fn versions_compare_terms_and_clause_text_side_by_side() {
    let (_d, mut s) = store();
    let p = partner(&mut s, "Helvetic Backup SA");
    let id = contract::create(&mut s, p, None).expect("create");
    let v1 = contract::version(s.conn(), id, None).expect("v1");
    let mut t = v1.terms.clone();
    t.revenue_share.share_bp = Some(1250);
    let sel = ClauseSelection {
        choices: vec![ClauseChoice {
            id: "liability".into(),
            off: true,
            alternative: None,
        }],
        custom: vec![CustomClause {
            title: "Joint marketing".into(),
            text: "Each Party lists the other on its website.".into(),
            after: String::new(),
        }],
    };
    contract::save(&mut s, id, &t, &sel).expect("v2");
    let cmp = contract::compare(s.conn(), id, 1, 2).expect("compare");
    assert_eq!(cmp.terms.len(), 1, "{:?}", cmp.terms);
    assert_eq!(cmp.terms[0].field, "revenue_share.share_bp");
    assert_eq!(
        (cmp.terms[0].before.as_str(), cmp.terms[0].after.as_str()),
        ("1000", "1250")
    );
    let share = cmp
        .clauses
        .iter()
        .find(|c| c.title == "Revenue and referral share")
        .expect("share clause changed");
    assert!(share.before.contains("receives 10 %"), "{}", share.before);
    assert!(share.after.contains("receives 12.5 %"), "{}", share.after);
    // Word by word: only the share changed; the rest of the clause is the same text.
    let changed: Vec<(contract::Change, &str)> = share
        .words
        .iter()
        .filter(|w| w.change != contract::Change::Same)
        .map(|w| (w.change, w.text.trim()))
        .collect();
    assert_eq!(
        changed,
        [
            (contract::Change::Removed, "10"),
            (contract::Change::Added, "12.5")
        ],
        "{:?}",
        share.words
    );
    let whole: String = share
        .words
        .iter()
        .filter(|w| w.change != contract::Change::Removed)
        .map(|w| w.text.as_str())
        .collect();
    assert_eq!(whole, share.after);
    let liability = cmp
        .clauses
        .iter()
        .find(|c| c.title == "Liability")
        .expect("liability");
    assert!(liability.after.is_empty(), "switched off in v2");
    let custom = cmp
        .clauses
        .iter()
        .find(|c| c.title == "Joint marketing")
        .expect("custom");
    assert!(custom.before.is_empty() && custom.after.contains("website"));
}

fn tool(name: &str, args: &[&str], pdf: &std::path::Path) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(pdf)
        .args(if name == "pdftotext" {
            vec!["-"]
        } else {
            vec![]
        })
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils, installed by make deps): {e}"));
    assert!(out.status.success(), "{name} failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_agreement_pdf_reads_back_with_both_parties_and_draft_only_on_drafts() {
    let (dir, mut s) = store();
    let names = [
        "Σύμβουλοι Δικτύων Α.Ε.",
        "Киберщит ООО",
        "東京ネットワーク株式会社",
        "Čapek Cloud s.r.o.",
    ];
    for name in names {
        let p = partner(&mut s, name);
        let id = contract::create(&mut s, p, None).expect("create");
        let path = dir.path().join(format!("{p}.pdf"));
        let size = agreement::write_pdf(s.conn(), id, None, &path).expect("pdf");
        assert!(size < 150_000, "{name}: {size} bytes");
        let text = tool("pdftotext", &[], &path);
        assert!(text.contains(name), "{name} not extracted exactly:\n{text}");
        assert!(text.contains("Keystone Managed IT GmbH"), "{text}");
        assert!(!text.contains("{{"), "no raw placeholder");
        assert!(
            !text.contains("DRAFT\n") && !text.contains("D R A F T"),
            "the mark is not text"
        );
        assert!(text.contains("Version 1 · DRAFT"), "the footer says draft");
        let fonts = tool("pdffonts", &[], &path);
        let embedded: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!embedded.is_empty());
        for l in embedded {
            assert!(l.contains("yes yes yes"), "embedded, subset, unicode: {l}");
        }
        if name.starts_with('東') {
            assert!(
                fonts.contains("DroidSans"),
                "CJK falls back to the CJK face: {fonts}"
            );
        }
        let info = tool("pdfinfo", &[], &path);
        let pages: i64 = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("pages");
        assert!((2..=6).contains(&pages), "{pages} pages");
        assert!(info.contains("Author:          Anna Weber"), "{info}");
        assert!(info.contains("Producer:        Allybook"), "{info}");
        assert!(info.contains("PDF version:     1.4"), "{info}");
        assert!(!info.contains("PDF/X"), "no stray PDF/X claim: {info}");
        // Signed: no DRAFT in the footer, and no mark (fewer drawing operations, same text).
        contract::change_status(&mut s, id, 1, &signing(day()), day()).expect("sign");
        let signed = dir.path().join(format!("{p}-signed.pdf"));
        agreement::write_pdf(s.conn(), id, Some(1), &signed).expect("pdf");
        let text = tool("pdftotext", &[], &signed);
        assert!(text.contains("Version 1 · Signed 2026-11-26"), "{text}");
        assert!(!text.contains("DRAFT"), "{text}");
    }
}

#[test]
fn the_draft_mark_is_drawn_only_on_drafts() {
    let (_d, mut s) = store();
    let p = partner(&mut s, "Atlas Docs");
    let id = contract::create(&mut s, p, None).expect("create");
    let draft = agreement::pdf(s.conn(), id, None).expect("draft");
    contract::change_status(&mut s, id, 1, &signing(day()), day()).expect("sign");
    let signed = agreement::pdf(s.conn(), id, None).expect("signed");
    // The mark needs a transparency state (/ca) in the resources: only the draft has one.
    let has_alpha =
        |b: &[u8]| b.windows(4).any(|w| w == b"/ca ") || b.windows(3).any(|w| w == b"/ca");
    assert!(has_alpha(&draft), "draft carries the translucent mark");
    assert!(!has_alpha(&signed), "signed has none");
}

#[test]
fn terms_files_are_read_strictly_with_the_field_and_where_it_is() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut s = Store::open(&dir.path().join("b.sqlite")).expect("open");
    allybook_core::demo::load(&mut s).expect("demo");
    let prospect: i64 = s
        .conn()
        .query_row("SELECT min(id) FROM prospect", [], |r| r.get(0))
        .expect("prospect");
    let read = |s: &Store, json: &str| contract::terms_from_json(s.conn(), prospect, json);
    let message = |json: &str| match read(&s, json) {
        Err(Error::Invalid { message, .. }) => message,
        other => panic!("{json}: refused as invalid, got {other:?}"),
    };
    let m = message("{\n  \"revenue_share\": {\"sharee\": 1500}\n}");
    assert!(m.contains("revenue_share.sharee"), "{m}");
    assert!(m.contains("unknown field"), "{m}");
    assert!(m.contains("line 2"), "{m}");
    let m = message(r#"{"term": {"months": "twelve"}}"#);
    assert!(m.contains("term.months") && m.contains("column"), "{m}");
    let m = message(r#"{"revenue_share": {"share_bp": 1500}} trailing"#);
    assert!(m.contains("line 1"), "{m}");
    // Out of range: refused field by field, never an overflow.
    for (json, field) in [
        (
            r#"{"term": {"months": 9223372036854775807}}"#,
            "term.months",
        ),
        (
            r#"{"term": {"months": 12, "termination_notice_days": 9223372036854775807}}"#,
            "term.termination_notice_days",
        ),
        (
            r#"{"term": {"effective_on": "1066-10-14"}}"#,
            "term.effective_on",
        ),
        (
            r#"{"term": {"effective_on": "2401-01-01"}}"#,
            "term.effective_on",
        ),
        (
            r#"{"lead_registration": {"protection_days": 9223372036854775807}}"#,
            "lead_registration.protection_days",
        ),
    ] {
        let terms = read(&s, json).expect("well-formed");
        let fields: Vec<String> = terms.validate().into_iter().map(|e| e.field).collect();
        assert!(fields.contains(&field.to_string()), "{json}: {fields:?}");
        match contract::create(&mut s, prospect, Some(terms)) {
            Err(Error::Fields(f)) => assert!(f.iter().any(|e| e.field == field)),
            other => panic!("{json}: {other:?}"),
        }
    }
    // A partial, valid file takes the template for the rest.
    let t = read(&s, r#"{"revenue_share": {"share_bp": 1500}}"#).expect("partial");
    assert_eq!(t.revenue_share.share_bp, Some(1500));
    assert_eq!(t.lead_registration.protection_days, Some(90));
}

#[test]
fn signing_is_recorded_with_its_date_and_signatories_and_sets_the_effective_date() {
    let (_d, mut s) = store();
    let p = partner(&mut s, "Fjord Identity AS");
    let mut t = contract::terms_from_json(s.conn(), p, "{}").expect("terms");
    t.revenue_share.share_bp = None;
    t.term.effective_on = None;
    let id = contract::create(&mut s, p, Some(t.clone())).expect("contract");

    // Nobody named, no share: refused field by field, nothing written.
    let bare = contract::StatusChange {
        status: VersionStatus::Signed,
        ..contract::StatusChange::default()
    };
    match contract::change_status(&mut s, id, 1, &bare, day()) {
        Err(Error::Fields(f)) => {
            let fields: Vec<&str> = f.iter().map(|e| e.field.as_str()).collect();
            for want in [
                "our_signatory.name",
                "our_signatory.role",
                "partner_signatory.name",
                "partner_signatory.role",
                "revenue_share.share_bp",
            ] {
                assert!(fields.contains(&want), "{want} in {fields:?}");
            }
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        contract::version(s.conn(), id, Some(1)).expect("v1").status,
        VersionStatus::Draft
    );
    // A future signing date is refused.
    let tomorrow = day().succ_opt().expect("tomorrow");
    let err =
        contract::change_status(&mut s, id, 1, &signing(tomorrow), day()).expect_err("future");
    assert!(err.to_string().contains("future"), "{err}");

    // With a share, signed on a past day: the terms gave no effective date, so it takes effect
    // on the signing date and runs its months from then.
    t.revenue_share.share_bp = Some(1200);
    contract::save(&mut s, id, &t, &ClauseSelection::default()).expect("v2");
    let on = NaiveDate::from_ymd_opt(2026, 11, 20).expect("day");
    let v = contract::change_status(&mut s, id, 2, &signing(on), day()).expect("signed");
    assert_eq!(v.signed_on.as_deref(), Some("2026-11-20"));
    assert_eq!(v.effective_on.as_deref(), Some("2026-11-20"));
    let expires: Option<String> = s
        .conn()
        .query_row(
            "SELECT expires_on FROM contract_version WHERE contract_id = ?1 AND version = 2",
            [id],
            |r| r.get(0),
        )
        .expect("expires");
    assert_eq!(expires.as_deref(), Some("2027-11-20"));
    let e = &v.events[0];
    assert_eq!(
        (e.status, e.happened_on.as_str()),
        (VersionStatus::Signed, "2026-11-20")
    );
    assert_eq!(
        e.our_signatory.as_ref().map(|s| s.name.as_str()),
        Some("Lena Huber")
    );
    assert_eq!(
        e.partner_signatory.as_ref().map(|s| s.role.as_str()),
        Some("CEO")
    );
    assert_eq!(e.recorded_by, "Anna Weber");
    // The share is in force from the signing date: a registration on that day finds it.
    let in_force = allybook_core::selling::terms_in_force(s.conn(), p, on).expect("in force");
    assert_eq!(in_force.map(|f| f.share_bp), Some(Some(1200)));
    // The PDF's signature block names who signed.
    let pdf = agreement::pdf(s.conn(), id, Some(2)).expect("pdf");
    let text = pdf_text(&pdf);
    if let Some(text) = text {
        assert!(
            text.contains("Lena Huber") && text.contains("Ola Nordmann"),
            "{text}"
        );
        assert!(text.contains("Managing Director"), "{text}");
    }

    // Terminating needs a reason and a date not before the signing; then it is recorded.
    let mut end = contract::StatusChange {
        status: VersionStatus::Terminated,
        on: Some("2026-11-01".into()),
        ..contract::StatusChange::default()
    };
    match contract::change_status(&mut s, id, 2, &end, day()) {
        Err(Error::Fields(f)) => {
            let fields: Vec<&str> = f.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["reason", "on"]);
        }
        other => panic!("{other:?}"),
    }
    end.on = Some("2026-11-25".into());
    end.reason = "Partner left the market".into();
    let v = contract::change_status(&mut s, id, 2, &end, day()).expect("terminated");
    assert_eq!(v.status, VersionStatus::Terminated);
    assert_eq!(v.events.len(), 2);
    assert_eq!(v.events[1].reason, "Partner left the market");
    // A record: the database refuses to edit it.
    let err = s
        .write(|tx| {
            tx.execute("UPDATE contract_event SET reason = 'x'", [])?;
            Ok(())
        })
        .expect_err("a record");
    assert!(err.to_string().contains("never edited"), "{err}");
}

/// `pdftotext` of a PDF, None (with a note) where poppler-utils is not installed.
fn pdf_text(pdf: &[u8]) -> Option<String> {
    let text = crate::support::pdf_tool("pdftotext", &[], pdf, true);
    if text.is_none() {
        println!("note: pdftotext is not installed; the PDF text is not checked");
    }
    text
}

#[test]
fn the_books_own_wording_of_a_clause_is_a_template_version_of_its_own() {
    let (_d, mut s) = store();
    let p = partner(&mut s, "Fjord Identity AS");
    let id = contract::create(&mut s, p, None).expect("v1 with the standard");
    let v1 = contract::version(s.conn(), id, Some(1)).expect("v1");
    assert_eq!(v1.template_version, agreement::CURRENT_TEMPLATE);

    // A text that cannot be written is refused, naming what is wrong; nothing is saved.
    let err = agreement::save_wording(&mut s, "liability", "Liability is {{ nonsense }}.")
        .expect_err("unknown name");
    assert_eq!(err.code(), "invalid_input");
    assert_eq!(
        agreement::current_template(s.conn()).expect("t"),
        agreement::CURRENT_TEMPLATE
    );

    let own = "Each Party's liability under this agreement is limited to the shares paid or payable to it in the twenty-four months before the damage, except for damage caused intentionally.";
    let library = agreement::save_wording(&mut s, "liability", own).expect("saved");
    let liability = library
        .iter()
        .find(|c| c.id == "liability")
        .expect("liability");
    assert!(liability.own && liability.text == own);
    assert!(liability.standard_text.contains("twelve months"));
    assert_eq!(liability.template, "own-1");
    assert!(library.iter().filter(|c| c.own).count() == 1);

    // New versions are written with it; the saved one keeps the standard wording.
    let mut t = v1.terms.clone();
    t.territory = "DACH".into();
    let v2 = contract::save(&mut s, id, &t, &ClauseSelection::default()).expect("v2");
    assert_eq!(v2.template_version, "own-1");
    let text = |v: i64| {
        let pdf = agreement::pdf(s.conn(), id, Some(v)).expect("pdf");
        pdf_text(&pdf)
    };
    if let (Some(one), Some(two)) = (text(1), text(2)) {
        assert!(
            one.contains("twelve months") && !one.contains("twenty-four"),
            "{one}"
        );
        assert!(two.contains("twenty-four months"), "{two}");
    }
    // Compared like any other change: the clause's words, the standard's against ours.
    let cmp = contract::compare(s.conn(), id, 1, 2).expect("compare");
    let change = cmp
        .clauses
        .iter()
        .find(|c| c.title == "Liability")
        .expect("liability changed");
    assert!(change
        .words
        .iter()
        .any(|w| w.change == contract::Change::Added && w.text.contains("twenty-four")));

    // Back to the standard: the next versions use it again; own-1 stays for v2.
    let standard = liability.standard_text.clone();
    let library = agreement::save_wording(&mut s, "liability", &standard).expect("reset");
    assert!(library.iter().all(|c| !c.own));
    assert_eq!(
        agreement::current_template(s.conn()).expect("t"),
        agreement::CURRENT_TEMPLATE
    );
    assert_eq!(
        contract::version(s.conn(), id, Some(2))
            .expect("v2")
            .template_version,
        "own-1"
    );
    assert!(agreement::pdf(s.conn(), id, Some(2)).is_ok());
    // The database keeps every template version as it was.
    let err = s
        .write(|tx| {
            tx.execute("UPDATE clause_template SET texts_json = '{}'", [])?;
            Ok(())
        })
        .expect_err("append-only");
    assert!(err.to_string().contains("never changed"), "{err}");
}

#[test]
fn a_german_book_writes_its_agreements_in_german_and_a_version_keeps_its_language() {
    let (_d, mut s) = store();
    let p = partner(&mut s, "Fjord Identity AS");
    let english = contract::create(&mut s, p, None).expect("an English v1");
    allybook_core::book::set_document_language(&mut s, allybook_core::words::DocLanguage::De)
        .expect("de");
    let german = contract::create(&mut s, p, None).expect("a German v1");
    let v1 = contract::version(s.conn(), german, Some(1)).expect("v1");
    assert_eq!(v1.template_version, "standard-2-de");
    // The defaults are German too: what qualifies a lead, what survives termination.
    assert!(v1
        .terms
        .term
        .survives
        .contains(&"Vertraulichkeit".to_string()));
    contract::change_status(&mut s, german, 1, &signing(day()), day()).expect("sign");

    // Back to English for new agreements: the signed German one still prints in German, and
    // the English one written before in English.
    allybook_core::book::set_document_language(&mut s, allybook_core::words::DocLanguage::En)
        .expect("en");
    let flat = |t: String| t.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(text) = pdf_text(&agreement::pdf(s.conn(), german, Some(1)).expect("pdf")) {
        let text = flat(text);
        for want in [
            "Partnervereinbarung",
            "Deckblatt",
            "Lead-Registrierung",
            "Ein registrierter Lead ist ab seiner Registrierung für 90 Tage geschützt",
            "10 % des Nettoumsatzes aus dem Geschäft",
            "mit einer Frist von 60 Tagen schriftlich kündigen",
            "Unterschrieben am 26.11.2026",
            "Unterschriften",
            "Seite 1 von",
        ] {
            assert!(text.contains(want), "{want:?} missing:\n{text}");
        }
        for english in [
            "not applicable",
            "Cover page",
            "Page 1 of",
            " days",
            "the Partner",
            "Signature",
        ] {
            assert!(!text.contains(english), "{english:?} in German:\n{text}");
        }
    }
    if let Some(text) = pdf_text(&agreement::pdf(s.conn(), english, Some(1)).expect("pdf")) {
        assert!(
            text.contains("Cover page") && !text.contains("Deckblatt"),
            "{text}"
        );
    }
    // The Word copy says the same words.
    let docx = agreement::docx(s.conn(), german, Some(1)).expect("docx");
    let read = docx_rs::read_docx(&docx).expect("reads back").json();
    for want in ["Deckblatt", "Unterschrift: ", "Funktion: ", "Seite"] {
        assert!(read.contains(want), "{want:?} missing from the DOCX");
    }
    assert!(!read.contains("Cover page"), "English in the German DOCX");
}
