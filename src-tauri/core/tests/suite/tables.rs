//! Rules that are tables, tested as tables: a compact input, the whole expected output as text.
//! When a rule changes on purpose, `UPDATE_EXPECT=1 cargo test -p allybook-core --test suite
//! tables` rewrites the expectations in this file; read the diff before committing it.

use std::fmt::Write;

use allybook_core::domain::Stage;
use allybook_core::import::{self, ImportOptions};
use allybook_core::pipeline::{self, MoveRequest, Thresholds};
use allybook_core::{attention, demo, Error};
use expect_test::expect;

use crate::support::{day, partner, store, with_user};

/// Every move between stages from a prospect with nothing ticked: how many checklist items it
/// would skip (and so must confirm), or what it refuses without a reason.
#[test]
fn stage_gates() {
    let (_dir, mut s) = store();
    with_user(&mut s);
    let mut out = String::new();
    for from in Stage::ALL {
        for to in Stage::ALL {
            if to == from {
                continue;
            }
            let id = partner(&mut s, &format!("{from:?} to {to:?}"));
            if from != Stage::LongList {
                pipeline::move_prospect(
                    &mut s,
                    &MoveRequest {
                        prospect_id: id,
                        to: from,
                        note: String::new(),
                        reason: "set up".into(),
                        confirm_skip: true,
                    },
                )
                .expect("to the starting stage");
            }
            let open = pipeline::open_items_for_move(s.conn(), id, to).expect("open items");
            let bare = pipeline::move_prospect(
                &mut s,
                &MoveRequest {
                    prospect_id: id,
                    to,
                    note: String::new(),
                    reason: String::new(),
                    confirm_skip: false,
                },
            );
            let verdict = match bare {
                Ok(_) => "moves".to_string(),
                Err(Error::GateOpen { items, .. }) => format!("asks to skip {}", items.len()),
                Err(e) => format!("refused: {}", e.code()),
            };
            writeln!(
                out,
                "{:<11} → {:<11} {} open, {verdict}",
                from.as_str(),
                to.as_str(),
                open.len()
            )
            .expect("write");
        }
    }
    expect![[r#"
        long_list   → short_list  0 open, moves
        long_list   → vetting     2 open, asks to skip 2
        long_list   → negotiating 11 open, asks to skip 11
        long_list   → active      13 open, asks to skip 13
        long_list   → paused      0 open, refused: invalid_input
        long_list   → ended       0 open, refused: invalid_input
        short_list  → long_list   0 open, moves
        short_list  → vetting     2 open, asks to skip 2
        short_list  → negotiating 11 open, asks to skip 11
        short_list  → active      13 open, asks to skip 13
        short_list  → paused      0 open, refused: invalid_input
        short_list  → ended       0 open, refused: invalid_input
        vetting     → long_list   0 open, moves
        vetting     → short_list  0 open, moves
        vetting     → negotiating 9 open, asks to skip 9
        vetting     → active      11 open, asks to skip 11
        vetting     → paused      0 open, refused: invalid_input
        vetting     → ended       0 open, refused: invalid_input
        negotiating → long_list   0 open, moves
        negotiating → short_list  0 open, moves
        negotiating → vetting     0 open, moves
        negotiating → active      2 open, asks to skip 2
        negotiating → paused      0 open, refused: invalid_input
        negotiating → ended       0 open, refused: invalid_input
        active      → long_list   0 open, moves
        active      → short_list  0 open, moves
        active      → vetting     0 open, moves
        active      → negotiating 0 open, moves
        active      → paused      0 open, refused: invalid_input
        active      → ended       0 open, refused: invalid_input
        paused      → long_list   0 open, moves
        paused      → short_list  0 open, moves
        paused      → vetting     0 open, moves
        paused      → negotiating 0 open, moves
        paused      → active      0 open, moves
        paused      → ended       0 open, refused: invalid_input
        ended       → long_list   0 open, moves
        ended       → short_list  0 open, moves
        ended       → vetting     0 open, moves
        ended       → negotiating 0 open, moves
        ended       → active      0 open, moves
        ended       → paused      0 open, refused: invalid_input
    "#]]
    .assert_eq(&out);
}

/// The vetting recommendation for a scorecard total, with the default thresholds.
#[test]
fn recommendations_by_total() {
    let t = Thresholds::default();
    let out: String = [0, 39, 40, 41, 59, 60, 61, 70, 100]
        .iter()
        .map(|total| format!("{total:<3} → {:?}\n", t.recommend(*total)))
        .collect();
    expect![[r#"
        0   → Pass
        39  → Pass
        40  → Pass
        41  → Pass
        59  → Pass
        60  → MoreDiligence
        61  → MoreDiligence
        70  → MoreDiligence
        100 → Pilot
    "#]]
    .assert_eq(&out);
}

/// What needs attention on the sample book, loaded and read on the same fixed day: each kind,
/// how many days away, and the title, in the order Home lists them.
#[test]
fn attention_on_the_sample_book() {
    let (_dir, mut s) = store();
    let today = day("2026-11-26");
    demo::load_as_of(&mut s, today).expect("demo");
    let out: String = attention::attention(s.conn(), today)
        .expect("attention")
        .iter()
        .map(|i| format!("{:<4} {:?}: {}\n", i.days, i.kind, i.title))
        .collect();
    expect![[r#"
        -48  Stuck: Fjord Identity AS has been in Vetting for 48 days
        -40  Stuck: Danube Data Centres GmbH has been in Negotiating for 40 days
        -40  Stuck: Rheinwerk OT Solutions AG has been in Short-list for 40 days
        -35  Stuck: Čapek Cloud s.r.o. has been in Vetting for 35 days
        -5   LeadConflict: Lead conflict over Clinique du Lac: decide who keeps it
        -3   FollowUpOverdue: Follow up with Bastion SecOps Ltd
        -3   FollowUpOverdue: Follow up with Fjord Identity AS
        -3   FollowUpOverdue: Follow up with Киберщит ООО
        -1   FollowUpOverdue: Follow up with Hafen Cyber Defence GmbH
        2    FollowUpDue: Follow up with Danube Data Centres GmbH
        2    FollowUpDue: Follow up with Müller Netzwerktechnik GmbH
        2    FollowUpDue: Follow up with Čapek Cloud s.r.o.
        3    FollowUpDue: Follow up with Atlas Managed Print & Docs
        3    FollowUpDue: Follow up with Bastion SecOps Ltd
        3    FollowUpDue: Follow up with Clearwater SD-WAN Ltd
        3    FollowUpDue: Follow up with Danube Data Centres GmbH
        3    FollowUpDue: Follow up with Helvetic Backup SA
        3    FollowUpDue: Follow up with Müller Netzwerktechnik GmbH
        6    FollowUpDue: Follow up with Clearwater SD-WAN Ltd
        6    FollowUpDue: Follow up with Årdal Sikkerhet AS
        10   LeadExpiring: Lead registration for Stadtwerke Isartal expires
        12   CertificationExpiring: Vltava Network Services Cisco Select Integrator expires
        15   ContractNotice: Last day to give notice on Referral agreement with Atlas Managed Print & Docs
        20   CertificationExpiring: Clearwater SD-WAN Ltd Fortinet Advanced Partner expires
        25   CertificationExpiring: Müller Netzwerktechnik GmbH Cisco CCIE Enterprise (2 staff) expires
        30   CertificationExpiring: Northgate Backup Co. Veeam Silver ProPartner expires
        40   CertificationExpiring: Atlas Managed Print & Docs DocuWare Authorised Partner expires
        45   CertificationExpiring: Bastion SecOps Ltd Fortinet Expert Partner expires
        50   CertificationExpiring: Čapek Cloud s.r.o. Microsoft Azure Expert MSP expires
        55   CertificationExpiring: Fjord Identity AS Microsoft Identity and Access Management specialisation expires
        75   ContractRenewal: Referral agreement with Atlas Managed Print & Docs renews or expires
    "#]].assert_eq(&out);
}

/// Row errors of an import, as the report names them: the line where the record starts (the
/// header is line 1), the column and what is wrong; nothing is written.
#[test]
fn import_row_errors() {
    let (_dir, mut s) = store();
    let csv = "Company,Website,Employees,Annual Revenue,Country\n\
               Good GmbH,good.example,40,\"1.200.000,00\",DE\n\
               ,nameless.example,5,,DE\n\
               Bad Site AG,not a site,12,,AT\n\
               Many Staff Ltd,many.example,lots,,IE\n\
               \"Multi\nLine Corp\",multi.example,-3,,FR\n\
               Rich SA,rich.example,10,a fortune,FR\n";
    let report = import::import(&mut s, csv.as_bytes(), "t.csv", &ImportOptions::default())
        .expect("import runs");
    let mut out = String::new();
    for e in &report.errors {
        writeln!(
            out,
            "line {} {:?} {:?}: {}",
            e.line, e.column, e.value, e.message
        )
        .expect("write");
    }
    writeln!(
        out,
        "imported {}, nothing written: {}",
        report.imported, report.nothing_written
    )
    .expect("write");
    expect![[r#"
        line 3 "Company" "": the company name is empty
        line 4 "Website" "not a site": "not a site" is not a website such as example.com
        line 5 "Employees" "lots": "lots" is not a number of employees such as 85 or 51-200
        line 6 "Employees" "-3": "-3" is not a number of employees such as 85 or 51-200
        line 8 "Annual Revenue" "a fortune": "a fortune" is not an amount such as 1500000 or 1,500,000.00
        imported 0, nothing written: true
    "#]].assert_eq(&out);
}
