//! Creating, editing, archiving and merging prospects by hand.

use allybook_core::domain::{ProspectInput, ProspectQuery};
use allybook_core::{book, search, Error, Store};

fn input(name: &str, website: &str) -> ProspectInput {
    ProspectInput {
        name: name.into(),
        website: website.into(),
        ..ProspectInput::default()
    }
}

fn live(s: &Store) -> i64 {
    book::list_prospects(
        s.conn(),
        &ProspectQuery {
            limit: 10,
            ..Default::default()
        },
    )
    .expect("page")
    .total
}

use crate::support::store;

#[test]
fn a_prospect_is_created_edited_and_validated_field_by_field() {
    let (_d, mut s) = store();
    let id = book::save_prospect(
        &mut s,
        &ProspectInput {
            regions: vec!["DACH".into()],
            ..input("Alpenblick IT", "alpenblick.example")
        },
    )
    .expect("create");
    let mut p = book::prospect_detail(s.conn(), id)
        .expect("detail")
        .prospect;
    assert_eq!(p.regions, ["DACH"]);
    p.city = "Innsbruck".into();
    p.regions = vec!["Austria".into()];
    book::save_prospect(&mut s, &p).expect("edit");
    let d = book::prospect_detail(s.conn(), id).expect("detail");
    assert_eq!(d.prospect.city, "Innsbruck");
    assert_eq!(d.prospect.regions, ["Austria"]);
    assert_eq!(d.history.len(), 1, "created in the long-list");

    let bad = ProspectInput {
        employees: Some(-3),
        ..input(" ", "not a site")
    };
    match book::save_prospect(&mut s, &bad) {
        Err(Error::Fields(f)) => {
            let fields: Vec<&str> = f.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["name", "website", "employees"]);
        }
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn a_second_record_for_the_same_firm_is_refused_with_a_pointer_to_merge() {
    let (_d, mut s) = store();
    book::save_prospect(
        &mut s,
        &input("Müller Netzwerktechnik GmbH", "mueller-netz.example"),
    )
    .expect("first");
    let err = book::save_prospect(
        &mut s,
        &input("Mueller Networks", "https://www.mueller-netz.example/"),
    )
    .map(|_| ())
    .expect_err("same domain");
    assert!(err.to_string().contains("already in your book"), "{err}");
    let err = book::save_prospect(&mut s, &input("MULLER NETZWERKTECHNIK", ""))
        .map(|_| ())
        .expect_err("same name");
    assert!(
        err.to_string().contains("Müller Netzwerktechnik GmbH"),
        "{err}"
    );
    assert_eq!(live(&s), 1);
}

#[test]
fn archiving_hides_a_prospect_and_restoring_brings_it_back() {
    let (_d, mut s) = store();
    let id = book::save_prospect(&mut s, &input("Oakridge Print", "")).expect("create");
    book::set_archived(&mut s, id, true).expect("archive");
    assert_eq!(live(&s), 0);
    assert!(
        book::prospect_detail(s.conn(), id)
            .expect("still there")
            .archived
    );
    book::set_archived(&mut s, id, false).expect("restore");
    assert_eq!(live(&s), 1);
}

#[test]
fn merging_by_hand_keeps_both_histories_and_fills_gaps() {
    let (_d, mut s) = store();
    let keep =
        book::save_prospect(&mut s, &input("Bastion SecOps Ltd", "bastion.example")).expect("a");
    let other = book::save_prospect(
        &mut s,
        &ProspectInput {
            city: "Manchester".into(),
            tags: vec!["mdr".into()],
            ..input("Bastion Security", "")
        },
    )
    .expect("b");
    s.write(|tx| {
        tx.execute(
            "INSERT INTO contact (prospect_id, name, created_at, updated_at) VALUES (?1, 'Priya Raman', 'now', 'now')",
            [other],
        )?;
        Ok(())
    })
    .expect("contact");
    book::merge_prospects(&mut s, keep, other).expect("merge");
    let d = book::prospect_detail(s.conn(), keep).expect("detail");
    assert_eq!(d.prospect.city, "Manchester", "empty field filled");
    assert_eq!(d.prospect.tags, ["mdr"]);
    assert_eq!(d.contacts, 1, "the other's contact moved");
    assert_eq!(
        d.history.len(),
        3,
        "both creations and the merge: {:?}",
        d.history
    );
    assert_eq!(live(&s), 1);
    let hits = search::search(s.conn(), "priya", 5).expect("search");
    assert_eq!(hits[0].prospect_id, keep, "search follows the merge");
    let again = book::merge_prospects(&mut s, keep, other)
        .map(|_| ())
        .expect_err("already merged");
    assert_eq!(again.code(), "conflict");
}
