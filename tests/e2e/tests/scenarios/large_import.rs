//! A long-list large enough that its search index follows the import: the import reports at
//! once, search finds a new firm right away, and the window indexes the rest in the background.
//! (A file of its own: scenarios in one test binary run at the same time.)

use allybook_e2e::App;

/// A long-list of 8,000 firms: the import reports at once, search finds a new firm right away,
/// and the window indexes the rest in the background until nothing is pending.
#[tokio::test(flavor = "multi_thread")]
async fn a_large_long_list_is_searchable_at_once_and_indexed_in_the_background() {
    let app = App::start().await;
    app.click("[data-action=start-empty]").await;
    app.click("[data-nav=find]").await;

    let file = app.dir.path().join("long-list.csv");
    let mut csv = String::from("Company name,City,Description\n");
    for i in 0..8_000 {
        csv.push_str(&format!("Firma {i} GmbH,Passau,Netzwerk und Backup\n"));
    }
    csv.push_str("Zirbelholz Systemhaus KG,Innsbruck,Microsoft 365 und Teams\n");
    std::fs::write(&file, csv).expect("write the long-list");
    app.preview_import(&file).await;
    app.wait_for_text(".dialog .status", "8,001 new").await;
    app.click("button[data-action=import].primary").await;
    app.wait_for_text("[data-result]", "Imported 8,001").await;
    app.click(".dialog .actions button.primary").await;

    let search = app.wait_for("#search").await;
    search.send_keys("zirbel").await.expect("type");
    app.wait_for_text("#search-results", "Zirbelholz Systemhaus KG")
        .await;

    // The window's catch-up empties the list of prospects still to index.
    let store = allybook_core::Store::open_existing(&app.db).expect("open the book beside the app");
    let mut pending = i64::MAX;
    for _ in 0..100 {
        pending = allybook_core::search::status(store.conn())
            .expect("status")
            .pending;
        if pending == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(pending, 0, "the window indexed the import for search");
    drop(store);
    app.stop().await;
}
