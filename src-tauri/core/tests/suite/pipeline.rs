//! The guided pipeline: stage moves and their gates, the scorecard and its blocking rule,
//! activities, the attention list on a fixed clock, the calendar and the dossier.

use std::process::Command;

use crate::support::{day, partner as prospect};
use allybook_core::domain::Stage;
use allybook_core::pipeline::{
    self, ActivityInput, ActivityKind, Decision, DecisionInput, MoveRequest, Recommendation,
    ScoreLine, Thresholds,
};
use allybook_core::{attention, book, dossier, Error, Store};
use icalendar::{Calendar, Component};

fn store() -> (tempfile::TempDir, Store) {
    let (dir, mut s) = crate::support::store();
    crate::support::with_user(&mut s);
    (dir, s)
}

fn mv(to: Stage, id: i64, confirm: bool) -> MoveRequest {
    MoveRequest {
        prospect_id: id,
        to,
        note: String::new(),
        reason: String::new(),
        confirm_skip: confirm,
    }
}

fn item_id(s: &Store, id: i64, label: &str) -> i64 {
    pipeline::checklist(s.conn(), id)
        .expect("checklist")
        .into_iter()
        .find(|i| i.label == label)
        .map(|i| i.id)
        .expect("item")
}

#[test]
fn advancing_past_open_checklist_items_needs_confirmation_and_records_them() {
    let (_d, mut s) = store();
    let id = prospect(&mut s, "Fjord Identity AS");
    // Long-list has no checklist: the first move passes the gate.
    pipeline::move_prospect(&mut s, &mv(Stage::ShortList, id, false)).expect("to short-list");

    // Short-list has two items, both open: the move stops and lists them; nothing is written.
    match pipeline::move_prospect(&mut s, &mv(Stage::Vetting, id, false)) {
        Err(e @ Error::GateOpen { .. }) => {
            assert_eq!(e.code(), "gate_open");
            let Error::GateOpen { items, .. } = e else {
                unreachable!()
            };
            assert_eq!(
                items,
                [
                    "Offering complements ours (no core overlap)",
                    "Region and customer size fit"
                ]
            );
        }
        other => panic!("expected gate_open, got {other:?}"),
    }
    let d = book::prospect_detail(s.conn(), id).expect("detail");
    assert_eq!(d.stage, Stage::ShortList, "a stopped move changes nothing");

    // Ticking one item leaves one open; confirming records exactly that one as skipped.
    let it = item_id(&s, id, "Offering complements ours (no core overlap)");
    pipeline::set_checklist_item(&mut s, id, it, true, day("2026-11-20")).expect("tick");
    let out = pipeline::move_prospect(
        &mut s,
        &MoveRequest {
            note: "Strong identity practice".into(),
            ..mv(Stage::Vetting, id, true)
        },
    )
    .expect("confirmed move");
    assert_eq!(out.skipped, ["Region and customer size fit"]);

    let history = pipeline::history(s.conn(), id).expect("history");
    let last = history.last().expect("a move");
    assert_eq!(
        (last.from_stage, last.to_stage),
        (Some(Stage::ShortList), Stage::Vetting)
    );
    assert_eq!(last.moved_by, "Anna Weber");
    assert_eq!(last.note, "Strong identity practice");
    assert_eq!(last.skipped, ["Region and customer size fit"]);
    assert_eq!(history.len(), 3, "created, short-listed, vetting");

    // Skipping two stages at once gates on every stage passed.
    match pipeline::move_prospect(&mut s, &mv(Stage::Active, id, false)) {
        Err(Error::GateOpen { items, .. }) => {
            assert!(items.contains(&"NDA signed before sharing customer data".to_string()));
            assert!(items.contains(&"Exit plan written".to_string()));
        }
        other => panic!("expected gate_open, got {other:?}"),
    }
    // Moving back never asks.
    pipeline::move_prospect(&mut s, &mv(Stage::ShortList, id, false)).expect("back");
}

#[test]
fn pausing_and_ending_need_a_reason_that_is_kept() {
    let (_d, mut s) = store();
    let id = prospect(&mut s, "Baltic Bridge IT");
    let err = pipeline::move_prospect(&mut s, &mv(Stage::Ended, id, true)).expect_err("no reason");
    assert_eq!(err.code(), "invalid_input");
    assert!(err.to_string().contains("reason"), "{err}");
    pipeline::move_prospect(
        &mut s,
        &MoveRequest {
            reason: "Competes with us on managed security".into(),
            ..mv(Stage::Ended, id, false)
        },
    )
    .expect("ended");
    let v = pipeline::pipeline_view(s.conn(), id, day("2026-11-26")).expect("view");
    assert_eq!(v.stage, Stage::Ended);
    assert_eq!(v.stage_reason, "Competes with us on managed security");
    assert!(v.guidance.starts_with("Ended"), "{}", v.guidance);
    let again = MoveRequest {
        reason: "Still competing".into(),
        ..mv(Stage::Ended, id, true)
    };
    let err = pipeline::move_prospect(&mut s, &again).expect_err("same stage");
    assert_eq!(err.code(), "conflict");
}

#[test]
fn prospects_resolve_by_id_or_exact_name() {
    let (_d, mut s) = store();
    let a = prospect(&mut s, "Киберщит ООО");
    let b = prospect(&mut s, "Müller Netzwerktechnik GmbH");
    assert_eq!(
        pipeline::resolve_prospect(s.conn(), "Киберщит ООО").ok(),
        Some(a)
    );
    assert_eq!(
        pipeline::resolve_prospect(s.conn(), &b.to_string()).ok(),
        Some(b)
    );
    assert_eq!(
        pipeline::resolve_prospect(s.conn(), "müller netzwerktechnik gmbh").ok(),
        Some(b)
    );
    let err = pipeline::resolve_prospect(s.conn(), "Nobody Ltd").expect_err("unknown");
    assert_eq!(err.code(), "not_found");
    assert!(err.to_string().contains("Nobody Ltd"), "{err}");
}

fn line(criterion: &str, weight: i64, must: bool, score: Option<i64>) -> ScoreLine {
    ScoreLine {
        criterion: criterion.into(),
        weight,
        must_have: must,
        score,
        evidence: String::new(),
    }
}

#[test]
fn scorecard_totals_are_weighted_rounded_and_mapped_to_thresholds() {
    // 1 → 0, 3 → 50, 5 → 100; weighted by weight; rounded half up.
    assert_eq!(pipeline::total(&[line("a", 1, false, Some(5))]), Some(100));
    assert_eq!(pipeline::total(&[line("a", 1, false, Some(1))]), Some(0));
    assert_eq!(
        pipeline::total(&[line("a", 20, true, Some(4)), line("b", 10, false, Some(2))]),
        // (20·75 + 10·25) / 30 = 58.33 → 58
        Some(58)
    );
    assert_eq!(
        pipeline::total(&[line("a", 1, false, Some(4)), line("b", 1, false, Some(3))]),
        // 62.5 rounds half up
        Some(63)
    );
    // Unscored criteria do not count; nothing scored is no total.
    assert_eq!(
        pipeline::total(&[line("a", 3, false, Some(5)), line("b", 7, false, None)]),
        Some(100)
    );
    assert_eq!(pipeline::total(&[line("a", 3, false, None)]), None);

    let t = Thresholds::default();
    assert_eq!(t.recommend(59), Recommendation::Pass);
    assert_eq!(t.recommend(60), Recommendation::MoreDiligence);
    assert_eq!(t.recommend(75), Recommendation::MoreDiligence);
    assert_eq!(t.recommend(76), Recommendation::Pilot);
}

fn scored(s: &Store, id: i64, scores: &[(&str, i64)]) -> Vec<ScoreLine> {
    let mut lines = pipeline::scorecard(s.conn(), id).expect("card").lines;
    for l in &mut lines {
        if let Some((_, v)) = scores.iter().find(|(c, _)| *c == l.criterion) {
            l.score = Some(*v);
            l.evidence = format!("evidence for {}", l.criterion);
        }
    }
    lines
}

#[test]
fn a_must_have_scored_one_blocks_go_unless_overridden_in_writing() {
    let (_d, mut s) = store();
    let id = prospect(&mut s, "Bastion SecOps Ltd");
    let all: Vec<(&str, i64)> = vec![
        ("Complementary offering", 5),
        ("Certifications and competencies", 5),
        ("References", 1), // a must-have
        ("Financial stability", 4),
        ("Security posture", 5),
        ("Geographic fit", 4),
        ("Culture fit", 5),
        ("Capacity to commit resources", 3),
    ];
    let lines = scored(&s, id, &all);
    let card = pipeline::save_scores(&mut s, id, &lines).expect("scores");
    assert!(card.complete);
    assert_eq!(card.blocking, ["References"]);
    // (20·100 + 15·100 + 15·0 + 10·75 + 10·100 + 10·75 + 10·100 + 10·50) / 100 = 75
    assert_eq!(card.total, Some(75));
    assert_eq!(card.recommendation, Some(Recommendation::MoreDiligence));

    let go = |reason: &str, rationale: &str| DecisionInput {
        prospect_id: id,
        decision: Decision::Go,
        rationale: rationale.into(),
        override_reason: reason.into(),
    };
    let err =
        pipeline::decide(&mut s, &go("", "Strong SOC"), day("2026-11-26")).expect_err("blocked");
    assert_eq!(err.code(), "blocked");
    assert!(err.to_string().contains("References"), "{err}");
    let err = pipeline::decide(&mut s, &go("x", " "), day("2026-11-26")).expect_err("rationale");
    assert_eq!(err.code(), "invalid_input");
    assert!(pipeline::scorecard(s.conn(), id)
        .expect("card")
        .decision
        .is_none());

    let card = pipeline::decide(
        &mut s,
        &go(
            "References are new customers; we call two more before the pilot",
            "Strong SOC, fills our MDR gap",
        ),
        day("2026-11-26"),
    )
    .expect("overridden go");
    assert_eq!(card.decision, Some(Decision::Go));
    assert_eq!(card.decided_on.as_deref(), Some("2026-11-26"));
    assert_eq!(card.decided_by, "Anna Weber");
    assert!(card.override_reason.starts_with("References are new"));

    // The culture and capacity answers feed the fit score.
    let fit = allybook_core::scoring::explain_prospect(s.conn(), id).expect("fit");
    let culture = fit
        .contributions
        .iter()
        .find(|c| c.criterion == "culture")
        .expect("culture");
    assert!(culture.points > 0.0, "{culture:?}");

    // A decided scorecard is a record: new scores start round 2.
    let round2 = scored(&s, id, &[("References", 4)]);
    let again = pipeline::save_scores(&mut s, id, &round2).expect("round 2");
    assert_eq!(again.round, 2);
    assert!(again.decision.is_none());
    assert_eq!(again.blocking, Vec::<String>::new());
    let v = pipeline::pipeline_view(s.conn(), id, day("2026-11-26")).expect("view");
    assert_eq!(v.scorecard.round, 2);
}

#[test]
fn scores_out_of_range_are_refused_by_criterion() {
    let (_d, mut s) = store();
    let id = prospect(&mut s, "Atlas Docs");
    let mut lines = scored(&s, id, &[]);
    lines[2].score = Some(6);
    match pipeline::save_scores(&mut s, id, &lines) {
        Err(Error::Fields(f)) => assert_eq!(f[0].field, "References"),
        other => panic!("{other:?}"),
    }
    assert!(
        pipeline::scorecard(s.conn(), id)
            .expect("card")
            .id
            .is_none(),
        "nothing saved"
    );
}

fn activity(id: i64, subject: &str, on: &str, follow: &str) -> ActivityInput {
    ActivityInput {
        prospect_id: id,
        kind: Some(ActivityKind::Call),
        occurred_on: on.into(),
        subject: subject.into(),
        follow_up_on: follow.into(),
        ..ActivityInput::default()
    }
}

#[test]
fn activities_validate_dates_and_form_a_timeline() {
    let (_d, mut s) = store();
    let id = prospect(&mut s, "Helvetic Backup SA");
    let today = day("2026-11-26");
    match pipeline::add_activity(&mut s, &activity(id, "", "26.11.2026", "2026-11-01"), today) {
        Err(Error::Fields(f)) => {
            let fields: Vec<&str> = f.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["subject", "occurred_on"]);
        }
        other => panic!("{other:?}"),
    }
    match pipeline::add_activity(
        &mut s,
        &activity(id, "Call", "2026-11-20", "2026-11-01"),
        today,
    ) {
        Err(Error::Fields(f)) => assert_eq!(f[0].field, "follow_up_on"),
        other => panic!("{other:?}"),
    }
    pipeline::add_activity(&mut s, &activity(id, "Intro call", "2026-11-02", ""), today)
        .expect("a");
    let b = pipeline::add_activity(
        &mut s,
        &activity(id, "Reference call", "2026-11-20", "2026-11-24"),
        today,
    )
    .expect("b");
    let t = pipeline::timeline(s.conn(), id, 10).expect("timeline");
    let subjects: Vec<&str> = t.iter().map(|a| a.subject.as_str()).collect();
    assert_eq!(subjects, ["Reference call", "Intro call"], "newest first");
    let v = pipeline::pipeline_view(s.conn(), id, today).expect("view");
    assert!(
        v.guidance.contains("Reference call"),
        "overdue follow-up comes first: {}",
        v.guidance
    );
    pipeline::set_follow_up_done(&mut s, b.id, true).expect("done");
    let v = pipeline::pipeline_view(s.conn(), id, today).expect("view");
    assert!(!v.guidance.contains("Reference call"), "{}", v.guidance);
}

/// A book with one dated thing of every kind, relative to 2026-11-26.
fn dated_book() -> (tempfile::TempDir, Store, i64) {
    let (d, mut s) = store();
    let id = prospect(&mut s, "Clearwater SD-WAN Ltd");
    let other = prospect(&mut s, "Quiet Partner Ltd");
    let today = day("2026-11-26");
    for (subject, on, follow) in [
        ("Overdue", "2026-11-10", "2026-11-20"),
        ("Due today", "2026-11-10", "2026-11-26"),
        ("Due this week", "2026-11-10", "2026-12-03"),
        ("Due later", "2026-11-10", "2026-12-04"),
    ] {
        pipeline::add_activity(&mut s, &activity(id, subject, on, follow), today)
            .expect("activity");
    }
    let done = pipeline::add_activity(
        &mut s,
        &activity(id, "Done", "2026-11-10", "2026-11-21"),
        today,
    )
    .expect("done");
    pipeline::set_follow_up_done(&mut s, done.id, true).expect("done");
    pipeline::move_prospect(&mut s, &mv(Stage::ShortList, other, true)).expect("move");
    s.write(|tx| {
        // Stuck: in Short-list since 40 days (stuck after 30 by default).
        tx.execute(
            "UPDATE prospect SET stage_since = '2026-10-17T09:00:00Z' WHERE id = ?1",
            [other],
        )?;
        tx.execute_batch(&format!(
            "INSERT INTO certification (prospect_id, vendor, name, expires_on, created_at) VALUES
               ({id}, 'Fortinet', 'Advanced Partner', '2026-12-16', '2026-01-01'),
               ({id}, 'Cisco', 'Select', '2027-03-01', '2026-01-01'),
               ({id}, 'Veeam', 'Silver', '2026-11-01', '2026-01-01');
             INSERT INTO contract (prospect_id, title, created_at) VALUES ({id}, 'Referral agreement', '2026-01-01');
             INSERT INTO contract_version (contract_id, version, status, terms_json, effective_on, expires_on,
                                           notice_days, created_at)
               VALUES (last_insert_rowid(), 1, 'signed', '{{\"term\": {{\"auto_renew\": true}}}}', '2026-02-14', '2027-02-14', 60,
                       '2026-01-01');
             INSERT INTO lead_registration (prospect_id, customer, customer_norm, registered_by, registered_on,
                                            expires_on, created_at)
               VALUES ({id}, 'Stadtwerke Isartal', 'stadtwerke isartal', 'partner', '2026-09-07', '2026-12-06',
                       '2026-09-07'),
                      ({id}, 'Far Away GmbH', 'far away', 'us', '2026-11-01', '2027-02-01', '2026-11-01');"
        ))?;
        Ok(())
    })
    .expect("dated rows");
    (d, s, id)
}

#[test]
fn the_attention_list_on_a_fixed_clock() {
    let (_d, s, _id) = dated_book();
    let items = attention::attention(s.conn(), day("2026-11-26")).expect("attention");
    let got: Vec<(String, String, i64)> = items
        .iter()
        .map(|i| (format!("{:?}", i.kind), i.date.clone(), i.days))
        .collect();
    let want: Vec<(String, String, i64)> = [
        ("Stuck", "2026-10-17", -40),
        ("CertificationExpiring", "2026-11-01", -25),
        ("FollowUpOverdue", "2026-11-20", -6),
        ("FollowUpDue", "2026-11-26", 0),
        ("FollowUpDue", "2026-12-03", 7),
        ("LeadExpiring", "2026-12-06", 10),
        ("CertificationExpiring", "2026-12-16", 20),
        ("ContractNotice", "2026-12-16", 20),
        ("ContractRenewal", "2027-02-14", 80),
    ]
    .iter()
    .map(|(k, d, n)| (k.to_string(), d.to_string(), *n))
    .collect();
    assert_eq!(got, want);
    let notice = items
        .iter()
        .find(|i| i.kind == attention::AttentionKind::ContractNotice)
        .expect("notice");
    assert_eq!(notice.place, attention::AttentionPlace::Contract);
    assert!(
        notice.title.contains("Clearwater SD-WAN Ltd"),
        "{}",
        notice.title
    );
    // A week later the notice date is 13 days off and the renewal 73.
    let later = attention::attention(s.conn(), day("2026-12-03")).expect("attention");
    assert!(later
        .iter()
        .any(|i| i.kind == attention::AttentionKind::ContractNotice && i.days == 13));
}

#[test]
fn the_calendar_parses_back_with_stable_uids() {
    let (dir, s, _id) = dated_book();
    let path = dir.path().join("allybook.ics");
    let report = attention::export_calendar(s.conn(), &path).expect("export");
    let text = std::fs::read_to_string(&path).expect("read");
    let cal: Calendar = text.parse().expect("RFC 5545 parses");
    let events: Vec<_> = cal.events().collect();
    // 4 open follow-ups, expiry and notice of 1 contract, 3 certifications, 2 leads.
    assert_eq!(events.len(), 11);
    assert_eq!(report.events, 11);
    let notice = events
        .iter()
        .find(|e| {
            e.get_summary()
                .is_some_and(|s| s.starts_with("Last day to give notice"))
        })
        .expect("notice event");
    assert_eq!(
        notice.get_start(),
        Some(icalendar::DatePerhapsTime::Date(day("2026-12-16")))
    );
    assert!(text.contains("\r\n"), "lines end in CRLF");
    assert_eq!(
        text.lines().filter(|l| l.starts_with("PRODID:")).count(),
        1,
        "exactly one PRODID: {text}"
    );
    assert!(text.contains("PRODID:-//Allybook//"), "{text}");
    assert!(text.contains("VERSION:2.0"), "{text}");

    // A second export carries the same UIDs: calendars update instead of duplicating.
    let uids = |c: &Calendar| {
        let mut v: Vec<String> = c
            .events()
            .filter_map(|e| e.get_uid().map(str::to_string))
            .collect();
        v.sort();
        v
    };
    let again: Calendar = attention::calendar(s.conn(), chrono::Utc::now())
        .expect("again")
        .0
        .parse()
        .expect("parses");
    assert_eq!(uids(&cal), uids(&again));
    let unique: std::collections::HashSet<_> = uids(&cal).into_iter().collect();
    assert_eq!(unique.len(), 11, "every UID distinct");
}

fn pdftotext(path: &std::path::Path) -> Option<String> {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn the_dossier_pdf_carries_profile_fit_scorecard_checklist_and_activities() {
    let (dir, mut s, id) = dated_book();
    let today = day("2026-11-26");
    let it = item_id(&s, id, "NDA signed before sharing customer data");
    pipeline::set_checklist_item(&mut s, id, it, true, day("2026-11-25")).expect("tick");
    let lines = scored(&s, id, &[("References", 4), ("Culture fit", 5)]);
    pipeline::save_scores(&mut s, id, &lines).expect("scores");
    let path = dir.path().join("dossier.pdf");
    let size = dossier::write(s.conn(), id, today, &path).expect("dossier");
    assert!(size > 1000 && size < 150_000, "{size} bytes");
    let bytes = std::fs::read(&path).expect("read");
    assert!(bytes.starts_with(b"%PDF-1.4"));

    let Some(text) = pdftotext(&path) else {
        panic!("pdftotext (poppler-utils) is needed: make deps installs it");
    };
    for want in [
        "Clearwater SD-WAN Ltd",
        "Fit against our profile",
        "Vetting scorecard (round 1)",
        "evidence for References",
        "NDA signed before sharing customer data",
        "done 25 Nov 2026 (Anna Weber)",
        "Reference",
        "Due this week",
        "Fortinet Advanced Partner",
        "Page 1 of",
    ] {
        assert!(text.contains(want), "{want:?} missing from:\n{text}");
    }
    let info = Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.contains("Title:           Partner dossier: Clearwater SD-WAN Ltd"),
        "{info}"
    );
    assert!(info.contains("Author:          Anna Weber"), "{info}");
    let fonts = Command::new("pdffonts")
        .arg(&path)
        .output()
        .expect("pdffonts");
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    for l in fonts.lines().filter(|l| l.contains("DejaVu")) {
        assert!(l.contains("yes yes yes"), "embedded, subset, unicode: {l}");
    }
}

#[test]
fn a_german_book_writes_its_dossier_in_german() {
    let (dir, mut s, id) = dated_book();
    let it = item_id(&s, id, "NDA signed before sharing customer data");
    pipeline::set_checklist_item(&mut s, id, it, true, day("2026-11-25")).expect("tick");
    book::set_document_language(&mut s, allybook_core::words::DocLanguage::De).expect("de");
    let path = dir.path().join("dossier.pdf");
    dossier::write(s.conn(), id, day("2026-11-26"), &path).expect("dossier");
    let Some(text) = pdftotext(&path) else {
        panic!("pdftotext (poppler-utils) is needed: make deps installs it");
    };
    // Joined across lines: a German word may wrap in a narrow cell.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "Nächster Schritt",
        "Passung zu unserem Profil",
        "Bewertungsbogen (Runde 1)",
        // Cells wrap, interleaved line by line: their beginnings are whole.
        "erledigt am 25.11.2026",
        "NDA unterzeichnet",
        "Kulturelle Passung",
        "Verlauf der Phasen",
        "Seite 1 von",
    ] {
        assert!(flat.contains(want), "{want:?} missing from:\n{text}");
    }
    for english in [
        "Fit against our profile",
        "Page 1 of",
        "Next step",
        "done 2026",
    ] {
        assert!(
            !flat.contains(english),
            "{english:?} left in English:\n{text}"
        );
    }
}

#[test]
fn the_default_checklist_and_criteria_follow_the_books_language_unless_reworded() {
    use allybook_core::words::DocLanguage;
    let (_d, mut s) = store();
    let before = prospect(&mut s, "Before Ltd");
    // One default reworded by the user stays as they wrote it.
    s.conn()
        .execute(
            "UPDATE checklist_template SET label = 'Our own NDA wording' \
             WHERE label = 'NDA signed before sharing customer data'",
            [],
        )
        .expect("reword");
    book::set_document_language(&mut s, DocLanguage::De).expect("de");
    let after = prospect(&mut s, "Nachher GmbH");
    let labels = |s: &Store, id: i64| -> Vec<String> {
        pipeline::checklist(s.conn(), id)
            .expect("checklist")
            .into_iter()
            .map(|i| i.label)
            .collect()
    };
    let german = labels(&s, after);
    assert!(
        german.contains(&"Ausstiegsplan geschrieben".to_string()),
        "{german:?}"
    );
    assert!(
        german.contains(&"Our own NDA wording".to_string()),
        "{german:?}"
    );
    assert!(
        !german.contains(&"Exit plan written".to_string()),
        "{german:?}"
    );
    // The checklist is the book's: every prospect's reads in the new words, ticks kept.
    assert_eq!(labels(&s, before), german);
    // The criteria too, and the culture and capacity answers still feed the fit score.
    let lines = scored(
        &s,
        after,
        &[("Kulturelle Passung", 5), ("Kapazität für Ressourcen", 5)],
    );
    assert!(
        lines.iter().any(|l| l.criterion == "Referenzen"),
        "{lines:?}"
    );
    pipeline::save_scores(&mut s, after, &lines).expect("scores");
    let fit = allybook_core::scoring::explain_prospect(s.conn(), after).expect("fit");
    let culture = fit
        .contributions
        .iter()
        .find(|c| c.criterion == "culture")
        .expect("culture");
    assert_eq!(culture.detail, "Rated 5 of 5 in vetting.");
    // And back.
    book::set_document_language(&mut s, DocLanguage::En).expect("en");
    let later = prospect(&mut s, "Later Ltd");
    let english = labels(&s, later);
    assert!(
        english.contains(&"Exit plan written".to_string()),
        "{english:?}"
    );
}

#[test]
fn a_line_break_in_a_name_never_reaches_the_calendar_raw() {
    let (dir, s, _id) = dated_book();
    s.conn()
        .execute(
            "UPDATE prospect SET name = 'Evil' || char(13) || 'BEGIN:VEVENT' WHERE id IN
             (SELECT prospect_id FROM activity WHERE follow_up_on IS NOT NULL)",
            [],
        )
        .expect("rename");
    let path = dir.path().join("allybook.ics");
    attention::export_calendar(s.conn(), &path).expect("export");
    let text = std::fs::read_to_string(&path).expect("read");
    let bytes = text.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\r' {
            assert_eq!(bytes.get(i + 1), Some(&b'\n'), "a raw CR at byte {i}");
        }
    }
    assert_eq!(
        text.lines().filter(|l| *l == "BEGIN:VEVENT").count(),
        11,
        "no event injected through a name"
    );
    let cal: Calendar = text.parse().expect("parses");
    assert!(cal.events().any(|e| e
        .get_summary()
        .is_some_and(|s| s.contains("Evil BEGIN:VEVENT"))));
}

/// Home's "Done" and "Snooze…": an item done leaves the list (a follow-up is marked done on its
/// activity), an item snoozed comes back on the day it was snoozed until, and a snooze must end
/// after today.
#[test]
fn attention_items_are_done_or_snoozed_until_due_again() {
    use allybook_core::attention::AttentionKind;
    let (_dir, mut s) = crate::support::store();
    let today = day("2026-11-26");
    allybook_core::demo::load_as_of(&mut s, today).expect("demo");
    let list = attention::attention(s.conn(), today).expect("attention");
    let find = |list: &[attention::AttentionItem], kind: AttentionKind| {
        list.iter().find(|i| i.kind == kind).cloned()
    };
    let has = |list: &[attention::AttentionItem], i: &attention::AttentionItem| {
        list.iter()
            .any(|x| x.kind == i.kind && x.ref_id == i.ref_id && x.date == i.date)
    };

    let notice = find(&list, AttentionKind::ContractNotice).expect("a notice date");
    let after =
        attention::done(&mut s, notice.kind, notice.ref_id, &notice.date, today).expect("done");
    assert!(!has(&after, &notice), "done leaves the list");
    assert!(
        find(&after, AttentionKind::ContractRenewal).is_some(),
        "the same contract's renewal date is another item"
    );
    let later = attention::attention(s.conn(), day("2026-12-01")).expect("later");
    assert!(!has(&later, &notice), "and stays off it");

    let cert = find(&after, AttentionKind::CertificationExpiring).expect("a certification");
    let after = attention::snooze(
        &mut s,
        cert.kind,
        cert.ref_id,
        &cert.date,
        "2026-12-01",
        today,
    )
    .expect("snooze");
    assert!(!has(&after, &cert), "snoozed: off the list today");
    let eve = attention::attention(s.conn(), day("2026-11-30")).expect("the day before");
    assert!(!has(&eve, &cert), "still snoozed the day before");
    let back = attention::attention(s.conn(), day("2026-12-01")).expect("the day");
    assert!(has(&back, &cert), "back on the day it was snoozed until");

    let follow = find(&after, AttentionKind::FollowUpOverdue).expect("an overdue follow-up");
    let after = attention::done(&mut s, follow.kind, follow.ref_id, &follow.date, today)
        .expect("follow-up done");
    assert!(!has(&after, &follow));
    let done_at: Option<String> = s
        .conn()
        .query_row(
            "SELECT follow_up_done_at FROM activity WHERE id = ?1",
            [follow.ref_id],
            |r| r.get(0),
        )
        .expect("activity");
    assert!(done_at.is_some(), "marked done on the activity itself");

    let err = attention::snooze(
        &mut s,
        cert.kind,
        cert.ref_id,
        &cert.date,
        "2026-11-26",
        today,
    )
    .expect_err("a snooze ends after today");
    assert_eq!(err.code(), "invalid_input");
    assert!(err.to_string().starts_with("until:"), "{err}");
    let err = attention::done(&mut s, cert.kind, cert.ref_id, "soon", today)
        .expect_err("an item's date is a date");
    assert!(err.to_string().starts_with("date:"), "{err}");
}

#[test]
fn the_funnel_counts_how_far_each_prospect_got_and_the_conversion_between_stages() {
    let (_d, mut s) = store();
    // Four firms: one stays on the long-list, one reaches the short-list, one reaches vetting
    // and then ends (it still counts as having reached vetting), one reaches vetting.
    let ids: Vec<i64> = ["Alpha IT", "Bravo Net", "Charlie Sec", "Delta Cloud"]
        .iter()
        .map(|n| prospect(&mut s, n))
        .collect();
    let go = |s: &mut Store, id: i64, to: Stage| {
        pipeline::move_prospect(
            s,
            &MoveRequest {
                reason: "Competes with us".into(),
                ..mv(to, id, true)
            },
        )
        .expect("move");
    };
    go(&mut s, ids[1], Stage::ShortList);
    for &id in &ids[2..] {
        go(&mut s, id, Stage::ShortList);
        go(&mut s, id, Stage::Vetting);
    }
    go(&mut s, ids[2], Stage::Ended);

    let funnel = pipeline::funnel(s.conn()).expect("funnel");
    let rows: Vec<(Stage, i64, i64, Option<i64>)> = funnel
        .iter()
        .map(|f| (f.stage, f.now, f.reached, f.conversion_bp))
        .collect();
    assert_eq!(
        rows,
        [
            (Stage::LongList, 1, 4, None),
            (Stage::ShortList, 1, 3, Some(7_500)),
            (Stage::Vetting, 1, 2, Some(6_667)),
            (Stage::Negotiating, 0, 0, Some(0)),
            (Stage::Active, 0, 0, None),
        ]
    );
}
