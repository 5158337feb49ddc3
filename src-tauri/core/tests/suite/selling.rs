//! Selling together: opportunities and their totals, effective-dated shares across a change of
//! terms, statements and their rounding, lead registration conflicts and expiry on a fixed clock.

use allybook_core::contract;
use allybook_core::selling::{
    self, LeadInput, LeadStatus, OpportunityInput, OpportunityStage, Side,
};
use allybook_core::{attention, Error, Store};

use crate::support::{day as d, partner, signing};

/// A contract whose v1 (share `bp1`) takes effect on `from1` and v2 (`bp2`) on `from2`, both
/// signed.
fn contract_with_change(s: &mut Store, p: i64, bp1: i64, from1: &str, bp2: i64, from2: &str) {
    let json = format!(
        r#"{{"revenue_share": {{"share_bp": {bp1}}}, "lead_registration": {{"protection_days": 90, "conflict_rule": "first_to_register"}}, "term": {{"effective_on": "{from1}", "months": 36}}}}"#
    );
    let t = contract::terms_from_json(s.conn(), p, &json).expect("terms");
    let id = contract::create(s, p, Some(t.clone())).expect("contract");
    contract::change_status(s, id, 1, &signing(d(from1)), d(from1)).expect("sign v1");
    let mut t2 = t;
    t2.revenue_share.share_bp = Some(bp2);
    t2.term.effective_on = Some(from2.into());
    contract::save(s, id, &t2, &Default::default()).expect("v2");
    contract::change_status(s, id, 2, &signing(d(from2)), d(from2)).expect("sign v2");
}

fn won(
    p: i64,
    customer: &str,
    value: i64,
    currency: &str,
    closed: &str,
    led: Side,
) -> OpportunityInput {
    OpportunityInput {
        prospect_id: p,
        customer: customer.into(),
        value_minor: value,
        currency: currency.into(),
        stage: Some(OpportunityStage::Won),
        closed_on: closed.into(),
        led_by: Some(led),
        ..OpportunityInput::default()
    }
}

fn store() -> (tempfile::TempDir, Store) {
    let (dir, mut s) = crate::support::store();
    crate::support::with_keystone(&mut s);
    (dir, s)
}

#[test]
fn a_change_of_terms_applies_to_later_deals_only() {
    let (_dir, mut s) = store();
    let p = partner(&mut s, "Bastion SecOps Ltd");
    contract_with_change(&mut s, p, 1000, "2026-01-01", 1200, "2026-07-01");
    let today = d("2026-11-26");
    for (customer, value, closed, led) in [
        ("Klinikum Oberland", 8_640_000, "2026-03-15", Side::Us),
        (
            "Weber Präzisionsteile",
            5_400_000,
            "2026-09-10",
            Side::Partner,
        ),
        ("Stadtwerke Isartal", 1_234_567, "2026-06-30", Side::Us), // last day of v1
        ("Zürich Re", 999_999, "2026-07-01", Side::Us),            // first day of v2
    ] {
        selling::save_opportunity(&mut s, &won(p, customer, value, "EUR", closed, led), today)
            .expect("won");
    }
    selling::save_opportunity(
        &mut s,
        &won(
            p,
            "Clinique du Lac",
            4_200_000,
            "CHF",
            "2026-10-01",
            Side::Us,
        ),
        today,
    )
    .expect("chf");

    let st = selling::statement(s.conn(), p, d("2026-01-01"), d("2026-12-31")).expect("statement");
    let shares: Vec<(&str, i64, i64)> = st
        .lines
        .iter()
        .map(|l| (l.customer.as_str(), l.share_bp, l.fee_minor))
        .collect();
    assert_eq!(
        shares,
        [
            ("Klinikum Oberland", 1000, 864_000),
            ("Stadtwerke Isartal", 1000, 123_457), // 123,456.7 → half up
            ("Zürich Re", 1200, 120_000),          // 119,999.88 → 120,000
            ("Weber Präzisionsteile", 1200, 648_000),
            ("Clinique du Lac", 1200, 504_000),
        ]
    );
    // Per currency, never summed across; who owes whom follows who led the deal.
    assert_eq!(st.totals.len(), 2);
    let chf = st.totals.iter().find(|t| t.currency == "CHF").expect("chf");
    assert_eq!((chf.we_owe_minor, chf.partner_owes_minor), (504_000, 0));
    let eur = st.totals.iter().find(|t| t.currency == "EUR").expect("eur");
    assert_eq!(
        (eur.we_owe_minor, eur.partner_owes_minor),
        (864_000 + 123_457 + 120_000, 648_000)
    );
    assert!(st.rounding.contains("rounded half up"));

    // A period selects by close date.
    let q3 = selling::statement(s.conn(), p, d("2026-07-01"), d("2026-09-30")).expect("q3");
    assert_eq!(q3.lines.len(), 2);

    // CSV: one row per deal, one total row per currency and direction.
    let csv = String::from_utf8(selling::statement_csv(&st).expect("csv")).expect("utf8");
    assert!(
        csv.contains("2026-06-30,Stadtwerke Isartal,12345.67,EUR,10,"),
        "{csv}"
    );
    assert!(
        csv.contains("total,,,EUR,,,,11074.57,Keystone Managed IT GmbH,Bastion SecOps Ltd"),
        "{csv}"
    );
    assert!(
        csv.contains("total,,,EUR,,,,6480.00,Bastion SecOps Ltd,Keystone Managed IT GmbH"),
        "{csv}"
    );

    let list = selling::opportunities(s.conn(), Some(p), today).expect("list");
    let won_totals: Vec<(&str, i64)> = list
        .totals
        .iter()
        .filter(|t| t.stage == OpportunityStage::Won)
        .map(|t| (t.currency.as_str(), t.value_minor))
        .collect();
    assert_eq!(
        won_totals,
        [
            ("CHF", 4_200_000),
            ("EUR", 8_640_000 + 5_400_000 + 1_234_567 + 999_999)
        ]
    );
}

#[test]
fn opportunities_validate_and_winning_sets_the_close_date() {
    let (_dir, mut s) = store();
    let p = partner(&mut s, "Atlas Docs");
    let today = d("2026-11-26");
    let lost = OpportunityInput {
        stage: Some(OpportunityStage::Lost),
        currency: "euro".into(),
        value_minor: -5,
        expected_close_on: "next week".into(),
        ..won(p, " ", 0, "EUR", "", Side::Us)
    };
    match selling::save_opportunity(&mut s, &lost, today) {
        Err(Error::Fields(f)) => {
            let fields: Vec<&str> = f.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(
                fields,
                [
                    "customer",
                    "value_minor",
                    "currency",
                    "lost_reason",
                    "expected_close_on"
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    let o = selling::save_opportunity(
        &mut s,
        &won(p, "Kanzlei Hartmann", 2_350_000, "EUR", "", Side::Us),
        today,
    )
    .expect("won");
    assert_eq!(o.closed_on.as_deref(), Some("2026-11-26"));
    assert_eq!(o.share_bp, None, "no agreement in force");
    let st = selling::statement(s.conn(), p, d("2026-11-01"), d("2026-11-30")).expect("st");
    assert!(st.lines.is_empty());
    assert_eq!(st.without_terms, ["Kanzlei Hartmann (won 2026-11-26)"]);
    let err = selling::statement(s.conn(), p, d("2026-12-01"), d("2026-11-01")).expect_err("order");
    assert_eq!(err.code(), "invalid_input");
}

#[test]
fn a_second_registration_of_the_same_customer_is_a_conflict_to_decide() {
    let (_dir, mut s) = store();
    let a = partner(&mut s, "Helvetic Backup SA");
    let b = partner(&mut s, "Bastion SecOps Ltd");
    let c = partner(&mut s, "Quiet Partner Ltd");
    contract_with_change(&mut s, a, 1500, "2026-01-01", 1500, "2026-02-01");
    contract_with_change(&mut s, b, 1000, "2026-01-01", 1200, "2026-07-01");
    let today = d("2026-11-26");
    let reg = |p: i64, customer: &str, domain: &str, on: &str| LeadInput {
        prospect_id: p,
        customer: customer.into(),
        customer_domain: domain.into(),
        registered_by: Some(Side::Partner),
        registered_on: on.into(),
        notes: String::new(),
    };
    let first = selling::register_lead(
        &mut s,
        &reg(a, "Klinik Seeblick AG", "seeblick.example", "2026-11-01"),
        today,
    )
    .expect("first");
    assert_eq!(
        first.expires_on, "2027-01-30",
        "90 days from the terms in force"
    );
    assert!(first.conflict_with.is_none());
    // Same customer by domain, written differently: a conflict, with the agreed rule.
    let second = selling::register_lead(
        &mut s,
        &reg(
            b,
            "Seeblick Klinik",
            "https://www.Seeblick.example/kontakt",
            "2026-11-20",
        ),
        today,
    )
    .expect("second");
    assert_eq!(second.conflict_with, Some(first.id));
    assert_eq!(second.conflict_partner, "Helvetic Backup SA");
    assert_eq!(
        second.conflict_rule,
        "The first valid registration prevails."
    );
    // And by normalised name.
    let third = selling::register_lead(
        &mut s,
        &reg(b, "KLINIK SEEBLICK ag", "", "2026-11-21"),
        today,
    )
    .expect("third");
    assert_eq!(third.conflict_with, Some(first.id));

    // Home lists both conflicts until each has a decision, dated from the colliding registration.
    let conflicts = |s: &Store| -> Vec<(i64, String, i64)> {
        attention::attention(s.conn(), today)
            .expect("attention")
            .into_iter()
            .filter(|i| i.kind == attention::AttentionKind::LeadConflict)
            .map(|i| {
                assert_eq!(i.place, attention::AttentionPlace::Lead);
                assert!(i.detail.contains("Helvetic Backup SA"), "{}", i.detail);
                (i.ref_id, i.date, i.days)
            })
            .collect()
    };
    assert_eq!(
        conflicts(&s),
        [
            (second.id, "2026-11-20".to_string(), -6),
            (third.id, "2026-11-21".to_string(), -5)
        ]
    );

    let err = selling::decide_conflict(&mut s, second.id, "  ", today).expect_err("empty");
    assert_eq!(err.code(), "invalid_input");
    let decided = selling::decide_conflict(
        &mut s,
        second.id,
        "Helvetic keeps it: first to register",
        today,
    )
    .expect("decided");
    assert_eq!(
        decided.conflict_decision,
        "Helvetic keeps it: first to register"
    );
    assert!(decided.conflict_decided_at.is_some());
    assert_eq!(
        conflicts(&s),
        [(third.id, "2026-11-21".to_string(), -5)],
        "a decided conflict leaves Home"
    );
    let err = selling::decide_conflict(&mut s, first.id, "x", today).expect_err("no conflict");
    assert_eq!(err.code(), "conflict");

    // No agreement in force: no registration.
    let err = selling::register_lead(&mut s, &reg(c, "Anyone GmbH", "", "2026-11-01"), today)
        .expect_err("no agreement");
    assert_eq!(err.code(), "conflict");
    assert!(err.to_string().contains("no signed agreement"), "{err}");
}

#[test]
fn registrations_expire_at_the_end_of_their_window_and_show_on_home_before() {
    let (_dir, mut s) = store();
    let p = partner(&mut s, "Bastion SecOps Ltd");
    contract_with_change(&mut s, p, 1000, "2026-01-01", 1000, "2026-02-01");
    let lead = selling::register_lead(
        &mut s,
        &LeadInput {
            prospect_id: p,
            customer: "Stadtwerke Isartal".into(),
            registered_on: "2026-09-01".into(),
            ..LeadInput::default()
        },
        d("2026-09-01"),
    )
    .expect("lead");
    assert_eq!(lead.expires_on, "2026-11-30");
    let on = |day: &str| {
        selling::leads(s.conn(), Some(p), d(day))
            .expect("leads")
            .into_iter()
            .next()
            .expect("one")
    };
    assert_eq!(
        (on("2026-11-29").status, on("2026-11-29").days_left),
        (LeadStatus::Active, 1)
    );
    assert_eq!(
        on("2026-11-30").status,
        LeadStatus::Active,
        "protected through its last day"
    );
    assert_eq!(on("2026-12-01").status, LeadStatus::Expired);
    let home = attention::attention(s.conn(), d("2026-11-10")).expect("attention");
    assert!(home
        .iter()
        .any(|i| i.kind == attention::AttentionKind::LeadExpiring && i.days == 20));
    let after = attention::attention(s.conn(), d("2026-12-01")).expect("attention");
    assert!(!after
        .iter()
        .any(|i| i.kind == attention::AttentionKind::LeadExpiring));
}

#[test]
fn fees_per_quarter_add_up_to_the_statements_and_the_pipeline_is_weighted_by_stage() {
    let (_dir, mut s) = store();
    let p = partner(&mut s, "Bastion SecOps Ltd");
    contract_with_change(&mut s, p, 1000, "2026-01-01", 1200, "2026-07-01");
    let today = d("2026-11-26");
    for (customer, value, closed, led) in [
        ("Klinikum Oberland", 8_640_000, "2026-03-15", Side::Us), // Q1: we owe 864,000
        (
            "Weber Präzisionsteile",
            5_400_000,
            "2026-09-10",
            Side::Partner,
        ), // Q3: they owe 648,000
        ("Zürich Re", 999_999, "2026-07-01", Side::Us),           // Q3: we owe 120,000
        ("Stadtwerke Isartal", 1_000_000, "2026-10-02", Side::Partner), // Q4: they owe 120,000
    ] {
        selling::save_opportunity(&mut s, &won(p, customer, value, "EUR", closed, led), today)
            .expect("won");
    }

    // The last four quarters up to today's (2026-Q1 … Q4), oldest first; a quarter without a
    // fee is left out; each row is that quarter's statement.
    let fees = selling::fees_by_quarter(s.conn(), today, 4).expect("fees");
    let rows: Vec<(&str, i64, i64, i64)> = fees
        .iter()
        .map(|f| {
            (
                f.quarter.as_str(),
                f.earned_minor,
                f.owed_minor,
                f.net_minor,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("2026-Q1", 0, 864_000, -864_000),
            ("2026-Q3", 648_000, 120_000, 528_000),
            ("2026-Q4", 120_000, 0, 120_000),
        ]
    );
    let q3 = &fees[1];
    assert_eq!(
        (q3.from.as_str(), q3.to.as_str()),
        ("2026-07-01", "2026-09-30")
    );
    assert_eq!(q3.partner, "Bastion SecOps Ltd");
    let year = selling::statement(s.conn(), p, d("2026-01-01"), d("2026-12-31")).expect("year");
    let eur = &year.totals[0];
    assert_eq!(
        fees.iter().map(|f| f.net_minor).sum::<i64>(),
        eur.partner_owes_minor - eur.we_owe_minor,
        "the quarters add up to the year's statement"
    );
    // A quarter boundary across the new year: January's quarter and the three before it.
    let jan = selling::fees_by_quarter(s.conn(), d("2027-01-15"), 4).expect("january");
    assert_eq!(
        jan.iter().map(|f| f.quarter.as_str()).collect::<Vec<_>>(),
        ["2026-Q3", "2026-Q4"]
    );

    // The pipeline by stage, weighted by the chance of winning: a proposal counts 60 %.
    let open = OpportunityInput {
        prospect_id: p,
        customer: "Brauhaus Tegernsee".into(),
        value_minor: 1_000_001,
        currency: "EUR".into(),
        stage: Some(OpportunityStage::Proposal),
        ..OpportunityInput::default()
    };
    selling::save_opportunity(&mut s, &open, today).expect("proposal");
    let list = selling::opportunities(s.conn(), Some(p), today).expect("list");
    let proposal = list
        .totals
        .iter()
        .find(|t| t.stage == OpportunityStage::Proposal)
        .expect("proposal total");
    assert_eq!(
        (proposal.value_minor, proposal.weighted_minor),
        (1_000_001, 600_001)
    );
    let won_total = list
        .totals
        .iter()
        .find(|t| t.stage == OpportunityStage::Won)
        .expect("won total");
    assert_eq!(
        won_total.weighted_minor, won_total.value_minor,
        "won is won"
    );
}

#[test]
fn a_statement_is_written_in_the_books_language() {
    let (dir, mut s) = store();
    let p = partner(&mut s, "Bastion SecOps Ltd");
    contract_with_change(&mut s, p, 1000, "2026-01-01", 1200, "2026-07-01");
    let today = d("2026-11-26");
    selling::save_opportunity(
        &mut s,
        &won(
            p,
            "Klinikum Oberland",
            8_640_000,
            "EUR",
            "2026-10-14",
            Side::Us,
        ),
        today,
    )
    .expect("won");
    assert_eq!(
        allybook_core::book::document_language(&s).expect("language"),
        allybook_core::words::DocLanguage::En,
        "English unless the book says otherwise"
    );
    allybook_core::book::set_document_language(&mut s, allybook_core::words::DocLanguage::De)
        .expect("German documents");
    let pdf = dir.path().join("abrechnung.pdf");
    selling::save_statement(s.conn(), p, "2026-10-01", "2026-12-31", &pdf).expect("statement");
    let bytes = std::fs::read(&pdf).expect("pdf");
    let Some(text) = crate::support::pdf_tool("pdftotext", &["-layout"], &bytes, true) else {
        return;
    };
    for words in [
        "Provisionsabrechnung",
        "Keystone Managed IT GmbH schuldet Bastion SecOps Ltd 10.368,00 EUR.",
        "14.10.2026",
        "86.400,00 EUR",
        "12 %",
        "Rundung",
    ] {
        assert!(text.contains(words), "{words:?} not in:\n{text}");
    }
    // The CSV stays machine-readable: plain numbers and ISO days whatever the language.
    let csv = dir.path().join("abrechnung.csv");
    selling::save_statement(s.conn(), p, "2026-10-01", "2026-12-31", &csv).expect("csv");
    let csv = std::fs::read_to_string(&csv).expect("csv");
    assert!(
        csv.contains("2026-10-14,Klinikum Oberland,86400.00,EUR,12,"),
        "{csv}"
    );
}
