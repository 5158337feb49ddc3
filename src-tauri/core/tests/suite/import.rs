//! Import, de-duplication, export, search and ranking against fixtures in tests/fixtures/import.

use std::path::{Path, PathBuf};

use allybook_core::domain::{ProspectQuery, ProspectSort};
use allybook_core::import::{self, ImportOptions, ImportReport};
use allybook_core::{book, demo, scoring, search, Store};

use crate::support::store;
use chrono::NaiveDate;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/import")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn run(s: &mut Store, file: &str, opts: ImportOptions) -> ImportReport {
    import::import(s, &fixture(file), file, &opts).expect("import runs")
}

fn count(s: &Store) -> i64 {
    s.conn()
        .query_row(
            "SELECT count(*) FROM prospect WHERE merged_into IS NULL",
            [],
            |r| r.get(0),
        )
        .expect("count")
}

fn field(s: &Store, name: &str, column: &str) -> Option<String> {
    s.conn()
        .query_row(
            &format!("SELECT CAST({column} AS TEXT) FROM prospect WHERE name = ?1"),
            [name],
            |r| r.get(0),
        )
        .expect(column)
}

#[test]
fn a_hubspot_export_with_bom_quotes_and_line_breaks_imports_verbatim() {
    let (_d, mut s) = store();
    let r = run(&mut s, "hubspot.csv", ImportOptions::default());
    assert_eq!((r.imported, r.merged, r.skipped), (4, 1, 0), "{r:?}");
    assert!(r.errors.is_empty());
    assert_eq!(
        field(&s, "Bastion SecOps Ltd", "description").as_deref(),
        Some("MDR, SOC and \"24/7\" monitoring")
    );
    assert_eq!(
        field(&s, "Müller Netzwerktechnik GmbH", "description").as_deref(),
        Some("Cisco Gold integrator.\r\nStrong on factory networks.")
    );
    assert_eq!(
        field(&s, "Bastion SecOps Ltd", "revenue_minor").as_deref(),
        Some("1250000000")
    );
    assert_eq!(
        field(&s, "Bastion SecOps Ltd", "domain").as_deref(),
        Some("bastion-secops.example")
    );
    // Markup and SQL in a name are just text.
    let evil = "<script>alert(1)</script>; DROP TABLE prospect;--";
    assert_eq!(field(&s, evil, "domain").as_deref(), Some("markup.example"));
    assert!(field(&s, "Σύμβουλοι Δικτύων Α.Ε.", "id").is_some());
}

#[test]
fn a_windows_1252_semicolon_export_decodes_exactly() {
    let (_d, mut s) = store();
    let r = run(&mut s, "salesforce-1252.csv", ImportOptions::default());
    assert_eq!((r.imported, r.merged, r.skipped), (3, 0, 0), "{r:?}");
    assert_eq!(
        field(&s, "Årdal Sikkerhet AS", "city").as_deref(),
        Some("Bergen")
    );
    assert_eq!(
        field(&s, "Infogérance Lyonnaise SAS", "employees").as_deref(),
        Some("1200")
    );
    assert_eq!(
        field(&s, "Niño Sistemas S.L.", "country").as_deref(),
        Some("Spain")
    );
}

#[test]
fn a_tab_separated_long_list_keeps_lists_and_scripts() {
    let (_d, mut s) = store();
    let r = run(&mut s, "longlist.tsv", ImportOptions::default());
    assert_eq!(r.imported, 2, "{r:?}");
    let page = book::list_prospects(
        s.conn(),
        &ProspectQuery {
            region: Some("Austria".into()),
            limit: 10,
            ..Default::default()
        },
    )
    .expect("page");
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].name, "Čapek Cloud s.r.o.");
    assert_eq!(
        page.items[0].regions,
        ["Austria", "Czechia"],
        "in alphabetical order"
    );
    let tagged = book::list_prospects(
        s.conn(),
        &ProspectQuery {
            tag: Some("cisco".into()),
            limit: 10,
            ..Default::default()
        },
    )
    .expect("page");
    assert_eq!(tagged.items[0].name, "東京ネットワーク株式会社");
}

#[test]
fn bad_rows_are_reported_by_line_and_column_and_nothing_is_written() {
    let (_d, mut s) = store();
    let r = run(&mut s, "bad-rows.csv", ImportOptions::default());
    let got: Vec<(i64, &str)> = r
        .errors
        .iter()
        .map(|e| (e.line, e.column.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (5, "Company name"),
            (6, "Number of Employees"),
            (7, "Website")
        ]
    );
    assert!(r.errors[1].message.contains("\"lots\""));
    assert!(r.nothing_written);
    assert_eq!(count(&s), 0, "an import with errors writes nothing");

    let r = run(
        &mut s,
        "bad-rows.csv",
        ImportOptions {
            skip_invalid: true,
            ..Default::default()
        },
    );
    assert_eq!((r.imported, r.merged, r.skipped), (3, 0, 3), "{r:?}");
    assert_eq!(r.errors.len(), 3, "skipped rows are still reported");
    assert_eq!(count(&s), 3);
    assert_eq!(
        field(&s, "Multi Line\nPartner GmbH", "domain").as_deref(),
        Some("multi-line.example")
    );
    assert_eq!(
        field(&s, "Good Two Ltd", "employees").as_deref(),
        Some("1200")
    );
}

#[test]
fn a_dry_run_counts_but_writes_nothing() {
    let (_d, mut s) = store();
    let r = run(
        &mut s,
        "hubspot.csv",
        ImportOptions {
            dry_run: true,
            ..Default::default()
        },
    );
    assert_eq!((r.imported, r.merged), (4, 1));
    assert!(r.nothing_written);
    assert_eq!(count(&s), 0);
    let moves: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM stage_move", [], |r| r.get(0))
        .expect("q");
    assert_eq!(moves, 0);
}

#[test]
fn duplicates_against_the_store_fill_empty_fields_instead_of_duplicating() {
    let (_d, mut s) = store();
    run(&mut s, "hubspot.csv", ImportOptions::default());
    assert_eq!(
        field(&s, "Bastion SecOps Ltd", "employees").as_deref(),
        Some("85")
    );
    let again = run(&mut s, "hubspot.csv", ImportOptions::default());
    assert_eq!((again.imported, again.merged), (0, 5), "{again:?}");
    assert_eq!(count(&s), 4);

    // A later list knows Müller's revenue and a second city: the empty field is filled, the
    // known one kept.
    let later =
        "Company,Website,City,Annual Revenue\nMULLER NETZWERKTECHNIK,,Munich,\"3,000,000\"\n";
    let r = import::import(
        &mut s,
        later.as_bytes(),
        "later.csv",
        &ImportOptions::default(),
    )
    .expect("import");
    assert_eq!(
        (r.imported, r.merged),
        (0, 1),
        "matched by normalised name: {r:?}"
    );
    assert_eq!(
        field(&s, "Müller Netzwerktechnik GmbH", "revenue_minor").as_deref(),
        Some("300000000")
    );
    assert_eq!(
        field(&s, "Müller Netzwerktechnik GmbH", "city").as_deref(),
        Some("Augsburg")
    );
}

#[test]
fn a_file_without_a_name_column_is_refused_listing_its_headers() {
    let (_d, mut s) = store();
    let err = import::import(
        &mut s,
        &fixture("no-name.csv"),
        "no-name.csv",
        &ImportOptions::default(),
    )
    .map(|_| ())
    .expect_err("refused");
    let msg = err.to_string();
    assert!(msg.contains("Website, City, Country"), "{msg}");
    assert!(
        !msg.contains("--map"),
        "the window shows this: no command-line flag in it: {msg}"
    );
    assert!(msg.contains("company name"), "{msg}");

    let mapped = ImportOptions {
        maps: vec![
            ("Firma".into(), "name".into()),
            ("Webseite".into(), "website".into()),
        ],
        ..Default::default()
    };
    let r = run(&mut s, "firma.csv", mapped);
    assert_eq!(r.imported, 1, "{r:?}");
    assert_eq!(
        field(&s, "Müller & Söhne GmbH", "domain").as_deref(),
        Some("muellersoehne.example")
    );
    let unknown = ImportOptions {
        maps: vec![("Firma".into(), "company".into())],
        ..Default::default()
    };
    let err = import::import(&mut s, &fixture("firma.csv"), "f", &unknown)
        .map(|_| ())
        .expect_err("unknown field");
    assert!(
        err.to_string().contains("fields are name, website"),
        "{err}"
    );
}

/// (name, domain, city, country, employees, regions, revenue) of every live prospect.
type Snapshot = Vec<(
    String,
    String,
    String,
    String,
    Option<i64>,
    Vec<String>,
    String,
)>;

fn snapshot(s: &Store) -> Snapshot {
    let page = book::list_prospects(
        s.conn(),
        &ProspectQuery {
            limit: 500,
            ..Default::default()
        },
    )
    .expect("page");
    page.items
        .into_iter()
        .map(|p| {
            let rev = field(s, &p.name, "revenue_minor").unwrap_or_default();
            (
                p.name,
                p.domain,
                p.city,
                p.country,
                p.employees,
                p.regions,
                rev,
            )
        })
        .collect()
}

#[test]
fn an_export_imported_into_an_empty_store_gives_the_same_prospects() {
    let (dir, mut s) = store();
    demo::load_as_of(&mut s, NaiveDate::from_ymd_opt(2026, 11, 26).expect("d")).expect("demo");
    run(&mut s, "hubspot.csv", ImportOptions::default());
    let out: PathBuf = dir.path().join("export.csv");
    let n = import::export(s.conn(), &out).expect("export");
    assert_eq!(n, count(&s));

    let (_d2, mut fresh) = store();
    let r = import::import(
        &mut fresh,
        &std::fs::read(&out).expect("read"),
        "export.csv",
        &ImportOptions::default(),
    )
    .expect("re-import");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.imported, n);
    assert_eq!(snapshot(&fresh), snapshot(&s));
}

#[test]
fn search_ignores_case_and_accents_and_covers_contacts_and_notes() {
    let (_d, mut s) = store();
    demo::load_as_of(&mut s, NaiveDate::from_ymd_opt(2026, 11, 26).expect("d")).expect("demo");
    let hits = search::search(s.conn(), "muller", 20).expect("search");
    assert_eq!(hits[0].prospect_name, "Müller Netzwerktechnik GmbH");
    assert!(
        hits[0].title.contains("\u{2}Müller\u{3}"),
        "{:?}",
        hits[0].title
    );
    let typed = search::search(s.conn(), "ARDA", 20).expect("prefix while typing");
    assert!(typed
        .iter()
        .any(|h| h.prospect_name == "Årdal Sikkerhet AS"));
    let contact = search::search(s.conn(), "sigrid", 20).expect("contact");
    assert!(contact
        .iter()
        .any(|h| h.kind == "contact" && h.prospect_name == "Fjord Identity AS"));
    let note = search::search(s.conn(), "vetting meeting references", 50).expect("note");
    assert!(note.iter().any(|h| h.kind == "activity"));
    assert!(search::search(s.conn(), "東京", 5)
        .expect("cjk")
        .iter()
        .any(|h| h.prospect_name == "東京ネットワーク株式会社"));
    assert!(
        search::search(s.conn(), "\"; DROP", 5).is_ok(),
        "query syntax is never an error"
    );
}

#[test]
fn the_ranked_list_follows_the_weights() {
    let (_d, mut s) = store();
    demo::load_as_of(&mut s, NaiveDate::from_ymd_opt(2026, 11, 26).expect("d")).expect("demo");
    let ranked = |s: &Store| {
        book::list_prospects(
            s.conn(),
            &ProspectQuery {
                sort: ProspectSort::Score,
                limit: 30,
                ..Default::default()
            },
        )
        .expect("page")
        .items
    };
    let before = ranked(&s);
    let scores: Vec<i64> = before
        .iter()
        .map(|p| p.fit_score.expect("scored"))
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );
    let top = &before[0];
    let why = scoring::explain_prospect(s.conn(), top.id).expect("explain");
    assert_eq!(
        Some(why.score),
        top.fit_score,
        "the explanation is the stored score's"
    );
    assert!(why.contributions.iter().any(|c| c.points > 0.0));

    // Weigh only region: the order changes and every stored score follows at once.
    let regional = scoring::FitWeights {
        complementarity: 0,
        overlap: 0,
        region: 100,
        vertical: 0,
        size: 0,
        certifications: 0,
        culture: 0,
        capacity: 0,
    };
    scoring::set_weights(&mut s, &regional).expect("weights");
    let after = ranked(&s);
    assert!(
        after
            .iter()
            .all(|p| matches!(p.fit_score, Some(0) | Some(100))),
        "region is all or nothing"
    );
    assert_ne!(
        before.iter().map(|p| p.id).collect::<Vec<_>>(),
        after.iter().map(|p| p.id).collect::<Vec<_>>()
    );
    let filtered = book::list_prospects(
        s.conn(),
        &ProspectQuery {
            sort: ProspectSort::Score,
            min_score: Some(100),
            limit: 50,
            ..Default::default()
        },
    )
    .expect("page");
    assert!(filtered.total > 0 && filtered.items.iter().all(|p| p.fit_score == Some(100)));
}

#[test]
fn imported_and_merged_prospects_are_searchable_at_once() {
    let (_d, mut s) = store();
    run(&mut s, "hubspot.csv", ImportOptions::default());
    let hits = search::search(s.conn(), "augsburg", 5).expect("search");
    assert_eq!(hits[0].prospect_name, "Müller Netzwerktechnik GmbH");
    let later =
        "Company,Website,City\nBastion SecOps Ltd,,Salford\nNew Firm GmbH,newfirm.example,Graz\n";
    import::import(
        &mut s,
        later.as_bytes(),
        "later.csv",
        &ImportOptions::default(),
    )
    .expect("import");
    assert_eq!(
        search::search(s.conn(), "graz", 5).expect("search")[0].prospect_name,
        "New Firm GmbH"
    );
    assert_eq!(
        search::search(s.conn(), "bastion", 5)
            .expect("search")
            .len(),
        1,
        "the merged prospect is indexed once"
    );
    let flag: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM settings WHERE key = 'bulk_import'",
            [],
            |r| r.get(0),
        )
        .expect("q");
    assert_eq!(flag, 0, "the bulk flag never outlives the import");
    // Ordinary edits are indexed by the triggers again.
    let id = book::save_prospect(
        &mut s,
        &allybook_core::domain::ProspectInput {
            name: "Zebra Networks".into(),
            ..Default::default()
        },
    )
    .expect("save");
    assert_eq!(
        search::search(s.conn(), "zebra", 5).expect("search")[0].prospect_id,
        id
    );
}

/// Each prospect id with how many entries the search index holds for it (every count should
/// be 1), in id order. One pass over the index: its columns are not indexed.
fn index_entries(s: &Store) -> Vec<(i64, i64)> {
    let mut stmt = s
        .conn()
        .prepare(
            "SELECT p.id, coalesce(i.n, 0) FROM prospect p LEFT JOIN (
                 SELECT ref_id, count(*) AS n FROM search_index WHERE kind = 'prospect' GROUP BY ref_id
             ) i ON i.ref_id = p.id ORDER BY p.id",
        )
        .expect("prepare");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn a_large_import_is_searchable_at_once_and_its_index_catches_up_after_the_commit() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("b.sqlite");
    let mut s = Store::open(&path).expect("open");
    let mut csv = String::from("Company name,City,Description\n");
    for i in 0..6_000 {
        csv.push_str(&format!("Partner {i} GmbH,Linz,managed backup\n"));
    }
    csv.push_str("Größenwahn Systemhaus AG,Würzburg,Cisco Gold partner\n");
    let r = import::import(&mut s, csv.as_bytes(), "big.csv", &ImportOptions::default())
        .expect("import");
    assert_eq!(r.imported, 6_001);
    assert_eq!(r.search_pending, 6_001, "indexed after the commit");
    assert_eq!(search::status(s.conn()).expect("status").pending, 6_001);

    // Meanwhile a search still finds the new rows, folded and by word prefix, marked.
    let hits = search::search(s.conn(), "größ wurz", 10).expect("search");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].prospect_name, "Größenwahn Systemhaus AG");
    assert_eq!(hits[0].title, "\u{2}Größenwahn\u{3} Systemhaus AG");
    assert!(hits[0].snippet.contains("\u{2}Würzburg\u{3}"), "{hits:?}");
    let hits = search::search(s.conn(), "gold", 10).expect("search");
    assert_eq!(hits[0].prospect_name, "Größenwahn Systemhaus AG");

    // Edits and new prospects while the index catches up are indexed once, not twice.
    let edited: i64 = s
        .conn()
        .query_row(
            "SELECT id FROM prospect WHERE name = 'Partner 7 GmbH'",
            [],
            |r| r.get(0),
        )
        .expect("id");
    book::save_prospect(
        &mut s,
        &allybook_core::domain::ProspectInput {
            id: Some(edited),
            name: "Partner Seven GmbH".into(),
            city: "Linz".into(),
            ..Default::default()
        },
    )
    .expect("edit");
    let added = book::save_prospect(
        &mut s,
        &allybook_core::domain::ProspectInput {
            name: "Zebra Networks".into(),
            ..Default::default()
        },
    )
    .expect("add");

    // The process ends before the index caught up: the next one resumes from the book.
    drop(s);
    let mut s = Store::open(&path).expect("reopen");
    assert_eq!(
        search::status(s.conn()).expect("status").pending,
        6_000,
        "the edited one is indexed"
    );
    assert_eq!(search::catch_up(&mut s).expect("catch up"), 6_000);
    assert_eq!(search::status(s.conn()).expect("status").pending, 0);
    let entries = index_entries(&s);
    assert_eq!(entries.len(), 6_002);
    assert!(
        entries.iter().all(|&(_, n)| n == 1),
        "each prospect indexed once"
    );
    for (q, id) in [("seven", edited), ("zebra", added)] {
        assert_eq!(
            search::search(s.conn(), q, 5).expect("search")[0].prospect_id,
            id
        );
    }
    assert_eq!(
        search::search(s.conn(), "größ", 5).expect("search")[0].prospect_name,
        "Größenwahn Systemhaus AG"
    );
    // A small import indexes inside its own transaction: nothing is left pending.
    let r = import::import(
        &mut s,
        b"Company name\nKleinbetrieb KG\n",
        "small.csv",
        &ImportOptions::default(),
    )
    .expect("import");
    assert_eq!((r.imported, r.search_pending), (1, 0));
}

#[test]
fn a_short_prefix_matching_thousands_still_lists_title_matches_first() {
    let (_d, mut s) = store();
    let mut csv = String::from("Company name,Description\n");
    for i in 0..2_500 {
        csv.push_str(&format!("Partner {i},network integration\n"));
    }
    csv.push_str("Netzwerk Nord GmbH,backup\n");
    import::import(
        &mut s,
        csv.as_bytes(),
        "many.csv",
        &ImportOptions::default(),
    )
    .expect("import");
    let hits = search::search(s.conn(), "net", 20).expect("search");
    assert_eq!(hits.len(), 20);
    assert_eq!(
        hits[0].prospect_name, "Netzwerk Nord GmbH",
        "the title match leads"
    );
    assert!(
        hits[1..].iter().all(|h| h.snippet.contains('\u{2}')),
        "the rest match in their text"
    );
}

#[test]
fn imported_ids_are_never_ones_used_before_and_each_gets_history_and_search() {
    let (_d, mut s) = store();
    let csv = "Company name,Website\nFirst GmbH,first.example\nSecond GmbH,second.example\n";
    import::import(&mut s, csv.as_bytes(), "a.csv", &ImportOptions::default()).expect("first");
    let last: i64 = s
        .conn()
        .query_row("SELECT max(id) FROM prospect", [], |r| r.get(0))
        .expect("max");
    // Whatever removes a prospect, its id stays retired (AUTOINCREMENT).
    s.write(|tx| {
        tx.execute("DELETE FROM prospect WHERE id = ?1", [last])?;
        Ok(())
    })
    .expect("delete");
    let csv = "Company name,Website,Industry\nThird Oy,third.example,Logistics\n";
    let r =
        import::import(&mut s, csv.as_bytes(), "b.csv", &ImportOptions::default()).expect("second");
    assert_eq!((r.imported, r.merged), (1, 0));
    let (id, industry, moves): (i64, String, i64) = s
        .conn()
        .query_row(
            "SELECT id, industry, (SELECT count(*) FROM stage_move m WHERE m.prospect_id = p.id)
             FROM prospect p WHERE name = 'Third Oy'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("third");
    assert!(id > last, "new id {id} must come after the retired {last}");
    assert_eq!((industry.as_str(), moves), ("Logistics", 1));
    let hits = search::search(s.conn(), "logistics", 10).expect("search");
    assert!(hits.iter().any(|h| h.prospect_id == id), "{hits:?}");
}

fn items(s: &Store, name: &str, kind: &str) -> Vec<String> {
    let mut stmt = s
        .conn()
        .prepare(
            "SELECT i.value FROM prospect_item i JOIN prospect p ON p.id = i.prospect_id
             WHERE p.name = ?1 AND i.kind = ?2 ORDER BY i.value",
        )
        .expect("prepare");
    stmt.query_map([name, kind], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn stage(s: &Store, name: &str) -> String {
    field(s, name, "stage").expect("stage")
}

#[test]
fn a_hubspot_lifecycle_stage_becomes_tags_never_our_stage() {
    let (_d, mut s) = store();
    let r = run(
        &mut s,
        "hubspot-companies-lifecycle.csv",
        ImportOptions::default(),
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.imported, 3);
    assert_eq!(stage(&s, "Isarwerk IT GmbH"), "long_list");
    assert_eq!(stage(&s, "Wiener Backup GmbH"), "long_list");
    assert_eq!(
        items(&s, "Wiener Backup GmbH", "tag"),
        vec!["Customer", "Open", "Reseller"]
    );
    assert_eq!(items(&s, "Isarwerk IT GmbH", "region"), vec!["Bayern"]);
    assert_eq!(
        field(&s, "Isarwerk IT GmbH", "country").as_deref(),
        Some("Deutschland"),
        "kept as written"
    );
    assert_eq!(
        field(&s, "Isarwerk IT GmbH", "domain").as_deref(),
        Some("isarwerk.example")
    );
}

#[test]
fn dynamics_columns_of_its_own_are_ignored() {
    let (_d, mut s) = store();
    let p = import::preview(
        &fixture("dynamics-accounts.csv"),
        &ImportOptions::default(),
        5,
    )
    .expect("preview");
    assert_eq!(p.mapping[0..3], [None, None, None]);
    assert!(p.notes[0]
        .as_deref()
        .is_some_and(|n| n.contains("Dynamics")));
    let r = run(&mut s, "dynamics-accounts.csv", ImportOptions::default());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.imported, 2);
    assert_eq!(
        field(&s, "Salzach OT Security GmbH", "city").as_deref(),
        Some("Salzburg")
    );
    assert_eq!(
        field(&s, "Salzach OT Security GmbH", "revenue_minor").as_deref(),
        Some("450000000")
    );
    assert_eq!(items(&s, "Rhein SOC AG", "tag"), vec!["Competitor"]);
}

#[test]
fn a_german_sheet_with_thousands_in_its_revenue_header_imports_without_mapping() {
    let (_d, mut s) = store();
    let r = run(&mut s, "longlist-de.csv", ImportOptions::default());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.imported, 2);
    assert_eq!(
        field(&s, "Allgäu Netz GmbH", "revenue_minor").as_deref(),
        Some("240000000"),
        "2.400 T€ is 2,400,000.00"
    );
    assert_eq!(
        field(&s, "Allgäu Netz GmbH", "employees").as_deref(),
        Some("25")
    );
}

#[test]
fn excel_unicode_text_is_utf16_and_a_stray_byte_in_utf8_is_an_error_at_its_line() {
    let (_d, mut s) = store();
    let r = run(&mut s, "excel-unicode-text.txt", ImportOptions::default());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.imported, 2);
    assert_eq!(count(&s), 2);
    assert!(field(&s, "Αθήνα Δίκτυα Α.Ε.", "id").is_some());
    assert!(field(&s, "Gdańsk Secure Sp. z o.o.", "id").is_some());

    let e = import::import(
        &mut s,
        &fixture("utf8-bad-byte.csv"),
        "utf8-bad-byte.csv",
        &ImportOptions::default(),
    )
    .map(|_| ())
    .expect_err("refused");
    assert!(e.to_string().contains("line 3"), "{e}");
    assert_eq!(count(&s), 2, "nothing written");
}

#[test]
fn an_unbalanced_quote_is_an_error_where_it_opens_not_rows_swallowed() {
    let (_d, mut s) = store();
    let e = import::import(
        &mut s,
        &fixture("unbalanced-quote.csv"),
        "unbalanced-quote.csv",
        &ImportOptions::default(),
    )
    .map(|_| ())
    .expect_err("refused");
    assert!(e.to_string().contains("line 3"), "{e}");
    assert_eq!(count(&s), 0);
}

#[test]
fn stage_values_that_are_not_ours_need_a_mapping() {
    let (_d, mut s) = store();
    let r = run(&mut s, "crm-stage-values.csv", ImportOptions::default());
    let bad: Vec<(i64, &str, &str)> = r
        .errors
        .iter()
        .map(|e| (e.line, e.value.as_str(), e.company.as_str()))
        .collect();
    assert_eq!(
        bad,
        vec![(2, "Customer", "Kappa IT"), (3, "Lead", "Lambda IT")]
    );
    assert!(r.nothing_written);
    assert!(
        !r.errors[0].message.contains("--"),
        "no command-line flag in the window"
    );

    let p = import::preview(
        &fixture("crm-stage-values.csv"),
        &ImportOptions::default(),
        5,
    )
    .expect("preview");
    let values: Vec<(&str, Option<&str>)> = p
        .stage_values
        .iter()
        .map(|v| (v.value.as_str(), v.stage.map(|s| s.as_str())))
        .collect();
    assert_eq!(
        values,
        vec![
            ("Customer", None),
            ("Lead", None),
            ("short-list", Some("short_list"))
        ]
    );

    let mapped = ImportOptions {
        stage_values: vec![
            ("Customer".into(), "active".into()),
            ("Lead".into(), "ignore".into()),
        ],
        ..Default::default()
    };
    let r = run(&mut s, "crm-stage-values.csv", mapped);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(stage(&s, "Kappa IT"), "active");
    assert_eq!(stage(&s, "Lambda IT"), "long_list");
    assert_eq!(stage(&s, "Mu IT"), "short_list");
}

#[test]
fn rows_with_errors_can_be_imported_with_the_bad_values_left_empty() {
    let (_d, mut s) = store();
    let r = run(
        &mut s,
        "bad-rows.csv",
        ImportOptions {
            blank_invalid: true,
            ..Default::default()
        },
    );
    assert!(!r.errors.is_empty());
    assert!(r.blanked > 0, "{r:?}");
    assert!(!r.nothing_written);
    // Every reported row that has a name is in the book, its bad value left empty.
    for e in r.errors.iter().filter(|e| !e.company.is_empty()) {
        assert!(
            field(&s, &e.company, "id").is_some(),
            "{} was imported",
            e.company
        );
    }
}

#[test]
fn a_reimport_of_the_same_export_merges_every_row_and_changes_nothing() {
    let (_d, mut s) = store();
    let first = run(
        &mut s,
        "hubspot-companies-lifecycle.csv",
        ImportOptions::default(),
    );
    assert_eq!(first.imported, 3);
    let stamp = |s: &Store| -> Vec<String> {
        let mut stmt = s
            .conn()
            .prepare("SELECT updated_at FROM prospect ORDER BY id")
            .expect("prepare");
        stmt.query_map([], |r| r.get(0))
            .expect("q")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    let before = stamp(&s);
    let again = run(
        &mut s,
        "hubspot-companies-lifecycle.csv",
        ImportOptions::default(),
    );
    assert_eq!((again.imported, again.merged), (0, 3));
    assert_eq!(count(&s), 3);
    assert_eq!(stamp(&s), before, "nothing new, nothing touched");
    let hits = search::search(s.conn(), "isarwerk", 10).expect("search");
    assert_eq!(hits.len(), 1, "indexed once");
}

#[test]
fn a_firm_in_germany_is_inside_dach_and_what_it_does_feeds_the_fit() {
    let (_d, mut s) = store();
    demo::load(&mut s).expect("demo");
    let r = run(
        &mut s,
        "hubspot-companies-lifecycle.csv",
        ImportOptions::default(),
    );
    assert!(r.errors.is_empty());
    let id: i64 = field(&s, "Isarwerk IT GmbH", "id")
        .expect("id")
        .parse()
        .expect("int");
    let e = scoring::explain_prospect(s.conn(), id).expect("explain");
    let by = |k: &str| {
        e.contributions
            .iter()
            .find(|c| c.criterion == k)
            .expect(k)
            .clone()
    };
    let region = by("region");
    assert!(region.points > 0.0, "{region:?}");
    assert!(!region.detail.contains("outside"), "{}", region.detail);
    let gaps = by("complementarity");
    assert!(gaps.detail.contains("Cisco networking"), "{}", gaps.detail);
    assert!(
        gaps.detail.contains("in the description"),
        "{}",
        gaps.detail
    );
}

/// Every file in `../shared/real-exports/` imports with no error and no mapping. Skipped, with
/// a note, where that folder is not present.
#[test]
fn the_real_exports_import_without_errors_or_mapping() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/real-exports");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("note: {} is absent; real exports not tried", dir.display());
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x != "md"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for path in files {
        let (_d, mut s) = store();
        let bytes = allybook_core::table::read_file(&path).expect("read");
        let name = path.display().to_string();
        let r = import::import(&mut s, &bytes, &name, &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(r.errors.is_empty(), "{name}: {:?}", r.errors);
        assert!(r.imported >= 10, "{name}: {r:?}");
        assert_eq!(count(&s), r.imported, "{name}");
        // Every firm has the basics a ranking needs.
        let missing: i64 = s
            .conn()
            .query_row(
                "SELECT count(*) FROM prospect WHERE country = '' OR domain = ''",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(missing, 0, "{name}: every firm has a country and a domain");
        println!("{name}: {} imported", r.imported);
    }
}

#[test]
fn the_region_filter_lists_each_place_once_and_takes_in_what_lies_inside() {
    let (_d, mut s) = store();
    demo::load(&mut s).expect("demo");
    run(
        &mut s,
        "hubspot-companies-lifecycle.csv",
        ImportOptions::default(),
    );
    let f = book::facets(s.conn()).expect("facets");
    let codes: Vec<&str> = f.region_options.iter().map(|o| o.code.as_str()).collect();
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), codes.len(), "each once: {codes:?}");
    assert!(
        codes.contains(&"DE"),
        "Germany and Deutschland are one: {codes:?}"
    );
    assert!(codes.contains(&"DACH"));
    let kinds: Vec<&str> = f.region_options.iter().map(|o| o.kind.as_str()).collect();
    let mut sorted = kinds.clone();
    sorted.sort_by_key(|k| {
        ["bloc", "country", "subdivision", "other"]
            .iter()
            .position(|x| x == k)
    });
    assert_eq!(kinds, sorted, "grouped");

    let names = |region: &str| -> Vec<String> {
        let q = ProspectQuery {
            region: Some(region.into()),
            limit: 200,
            ..ProspectQuery::default()
        };
        book::list_prospects(s.conn(), &q)
            .expect("page")
            .items
            .into_iter()
            .map(|p| p.name)
            .collect()
    };
    let germany = names("DE");
    assert!(
        germany.contains(&"Isarwerk IT GmbH".to_string()),
        "{germany:?}"
    );
    assert!(germany.contains(&"Hafen Cyber Defence GmbH".to_string()));
    assert!(!germany.contains(&"Wiener Backup GmbH".to_string()));
    let dach = names("DACH");
    assert!(dach.contains(&"Wiener Backup GmbH".to_string()), "{dach:?}");
    assert!(dach.contains(&"Isarwerk IT GmbH".to_string()));
    assert!(!dach.contains(&"Leeds Voice Ltd".to_string()));
    let bavaria = names("DE-BY");
    assert!(
        bavaria.contains(&"Isarwerk IT GmbH".to_string()),
        "Bayern: {bavaria:?}"
    );
    assert!(!bavaria.contains(&"Hafen Cyber Defence GmbH".to_string()));
}

#[test]
fn a_workbook_with_a_title_row_and_a_second_sheet_imports_its_first_sheet() {
    let (_d, mut s) = store();
    let bytes = fixture("tradefair.xlsx");
    let p = import::preview(&bytes, &ImportOptions::default(), 5).expect("preview");
    assert_eq!(p.sheets, vec!["Messe 2026", "Notizen"]);
    assert_eq!(p.sheet.as_deref(), Some("Messe 2026"));
    assert_eq!(p.header_line, 3, "the title and the blank row are skipped");
    assert_eq!(p.headers[0], "Firma");
    assert_eq!(p.rows[0][6], "2026-10-07", "an Excel date as an ISO date");
    let r = run(&mut s, "tradefair.xlsx", ImportOptions::default());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.imported, 3);
    assert_eq!(
        field(&s, "Bodensee Backup AG", "revenue_minor").as_deref(),
        Some("120000050")
    );
    assert_eq!(
        field(&s, "=SUM(1,1) Holding GmbH", "city").as_deref(),
        Some("Wien"),
        "text that looks like a formula is kept as text"
    );
    let errors = import::import(
        &mut s,
        &bytes,
        "tradefair.xlsx",
        &ImportOptions {
            sheet: Some("Notizen".into()),
            ..Default::default()
        },
    )
    .map(|_| ())
    .expect_err("no company column on the notes sheet");
    assert!(errors.to_string().contains("company name"), "{errors}");
    let missing = import::preview(
        &bytes,
        &ImportOptions {
            sheet: Some("Nope".into()),
            ..Default::default()
        },
        5,
    )
    .map(|_| ())
    .expect_err("no such sheet");
    assert!(
        missing.to_string().contains("Messe 2026, Notizen"),
        "{missing}"
    );
}

#[test]
fn xls_and_ods_workbooks_import_like_xlsx() {
    let (_d, mut s) = store();
    let r = run(&mut s, "accounts.xls", ImportOptions::default());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.imported, 2);
    assert_eq!(items(&s, "Thames Managed IT Ltd", "tag"), vec!["Partner"]);
    assert_eq!(
        field(&s, "Thames Managed IT Ltd", "employees").as_deref(),
        Some("130"),
        "a whole number without .0"
    );
    let r = run(&mut s, "partenaires.ods", ImportOptions::default());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.imported, 2);
    assert_eq!(
        field(&s, "Lyon Réseaux SAS", "revenue_minor").as_deref(),
        Some("540050000"),
        "5400.5 k€ is 5,400,500.00"
    );
    let p = import::preview(&fixture("partenaires.ods"), &ImportOptions::default(), 5)
        .expect("preview");
    assert!(p.encoding.contains(".ods"), "{}", p.encoding);
}

#[test]
fn an_import_that_hits_a_full_disk_says_so_changes_nothing_and_the_book_opens_again() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("b.sqlite");
    let mut s = Store::open(&path).expect("open");
    demo::load(&mut s).expect("demo");
    let before = count(&s);
    // No root needed: the database's own size limit stands in for a small disk.
    let pages: i64 = s
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .expect("pages");
    s.conn()
        .pragma_update(None, "max_page_count", pages + 2)
        .expect("limit");
    let mut csv = String::from("Company name,Website,Description\n");
    for i in 0..3000 {
        csv.push_str(&format!(
            "Firm {i} GmbH,firm-{i}.example,Managed services and backup for firm {i}\n"
        ));
    }
    let e = import::import(&mut s, csv.as_bytes(), "big.csv", &ImportOptions::default())
        .map(|_| ())
        .expect_err("no room");
    assert_eq!(e.code(), "disk_full");
    let msg = e.to_string();
    assert!(
        msg.contains("the disk is full") && msg.contains("b.sqlite"),
        "{msg}"
    );
    assert!(msg.contains("nothing was changed"), "{msg}");
    assert_eq!(count(&s), before, "rolled back");
    drop(s);
    let s = Store::open(&path).expect("opens normally once there is room");
    assert_eq!(count(&s), before);
    assert_eq!(s.integrity().expect("check"), vec!["ok"]);
}
