//! Finding scenario: import a long-list with a bad row, see the error with its line, import
//! again skipping it, then see the ranked list and the explanation of the top prospect; then a
//! sheet whose headers Allybook does not know: the mapping table, a value mapping for the stage,
//! and the explanation of a firm in Germany (inside DACH) that fills a gap.

use allybook_e2e::App;

/// Opens the import dialog on a fixture and previews it.
async fn preview_fixture(app: &App, name: &str) {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/import")
        .join(name)
        .canonicalize()
        .expect("fixture");
    app.preview_import(&file).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn import_with_a_bad_row_then_rank_and_explain() {
    let app = App::start().await;

    // A profile to rank against: the sample book's.
    app.click("[data-action=load-demo]").await;
    app.wait_for_text(".page-head", "30 prospects").await;
    app.click("[data-nav=find]").await;
    app.wait_for("tr[data-prospect]").await;

    // The import checks the file first and lists the bad row by its line and column.
    preview_fixture(&app, "e2e-partners.csv").await;
    let errors = app.wait_for_text(".errors", "Line 4").await;
    assert!(errors.contains("Number of Employees"), "{errors}");
    assert!(errors.contains("“many”"), "{errors}");
    app.screenshot("10-import-errors").await;
    let import_button = app.wait_for("button[data-action=import].primary").await;
    assert!(
        import_button
            .attr("disabled")
            .await
            .expect("attr")
            .is_some(),
        "import waits for a decision on the bad row"
    );

    // Skip it and import the rest.
    app.click("input[data-action=skip-invalid]").await;
    app.click("button[data-action=import].primary").await;
    let done = app.wait_for_text("[data-result]", "Imported 3").await;
    assert!(done.contains("skipped 1"), "{done}");
    app.screenshot("11-import-done").await;
    app.click(".dialog .actions button.primary").await;

    // All 33 ranked; in the long-list, where imports land, the complementary Munich firm is the
    // best fit (vetted partners further on carry their culture and capacity answers).
    let pager = app.wait_for_text(".pager", "of 33").await;
    assert!(pager.contains("1–33"), "{pager}");
    app.click("button.chip[data-stage=long_list]").await;
    let first = app
        .wait_for_text("table.list tbody tr:first-child", "Isar Cyber Defence GmbH")
        .await;
    app.wait_for_text(".pager", "of 15").await;
    app.screenshot("12-ranked").await;

    // Its explanation says why, and adds up to the score in the list.
    app.click("table.list tbody tr:first-child td.name").await;
    let fit = app
        .wait_for_text("[data-fit]", "Complements our gaps")
        .await;
    assert!(fit.contains("Covers 3 of your 4 gaps"), "{fit}");
    let panel_score = app.text_of("[data-panel] .score").await.unwrap_or_default();
    assert!(
        first.contains(&panel_score),
        "list row {first:?} shows the panel's score {panel_score}"
    );
    app.screenshot("13-explanation").await;
    app.click("[data-panel] .close").await;

    // Search as you type: accents and case ignored, matches marked.
    let search = app.wait_for("#search").await;
    search.send_keys("muller").await.expect("type");
    let hits = app
        .wait_for_text("#search-results", "Netzwerktechnik")
        .await;
    assert!(hits.contains("Müller"), "{hits}");
    app.wait_for("#search-results mark").await;
    app.screenshot("14-search").await;

    // A sheet with headers Allybook does not know: the mapping table is shown all the same.
    preview_fixture(&app, "e2e-unknown-headers.csv").await;
    let table = app
        .wait_for_text("table.mapping", "Unternehmen (offiziell)")
        .await;
    assert!(
        table.contains("Isartal Netzwerke GmbH"),
        "samples shown: {table}"
    );
    let hint = app.wait_for_text(".dialog", "company name").await;
    assert!(
        !hint.contains("--map"),
        "no command-line flag in the window: {hint}"
    );
    app.screenshot("15-import-unknown-headers").await;
    app.choose("select[data-column='Unternehmen (offiziell)']", "name")
        .await;
    app.choose("select[data-column='Internet']", "website")
        .await;
    app.choose("select[data-column='Was sie machen']", "description")
        .await;
    app.choose("select[data-column='Kundenstatus']", "stage")
        .await;
    // Its values are not Allybook's stages: each gets a choice.
    app.wait_for("select[data-stage-value='Kunde']").await;
    app.choose("select[data-stage-value='Kunde']", "active")
        .await;
    app.choose("select[data-stage-value='Interessent']", "ignore")
        .await;
    app.wait_for_text(".dialog .status", "2 new").await;
    app.screenshot("16-import-mapped").await;
    app.click("button[data-action=import].primary").await;
    app.wait_for_text("[data-result]", "Imported 2").await;
    app.click(".dialog .actions button.primary").await;

    // The firm in Germany is inside DACH, and what it does (SOC, MDR) fills a gap, with the words.
    let search = app.wait_for("#search").await;
    search.clear().await.expect("clear");
    search.send_keys("Wörthsee").await.expect("type");
    app.wait_for_text("#search-results", "Wörthsee SOC").await;
    // The keyboard path: Enter opens the first hit.
    search.send_keys("\u{E007}").await.expect("enter");
    let fit = app.wait_for_text("[data-fit]", "Region").await;
    assert!(fit.contains("inside your region DACH"), "{fit}");
    assert!(fit.contains("Managed detection and response"), "{fit}");
    assert!(fit.contains("in the description"), "{fit}");
    app.screenshot("17-dach-explanation").await;
    app.click("[data-panel] .close").await;

    // The Region filter takes in what lies inside: Germany lists the Starnberg firm, written
    // "Deutschland", and the Prague one that works there, not the one in Bilbao.
    app.choose("select[data-filter=region]", "DE").await;
    app.wait_for_text("table.list tbody", "Wörthsee SOC GmbH")
        .await;
    let rows = app.text_of("table.list tbody").await.unwrap_or_default();
    assert!(
        rows.contains("Vltava"),
        "Prague, but it works in Germany: {rows}"
    );
    assert!(
        !rows.contains("Montaña"),
        "Bilbao is not in Germany: {rows}"
    );
    app.screenshot("18-region-filter").await;
    app.choose("select[data-filter=region]", "").await;

    // A workbook: its first sheet with data, past the title row; the other sheet on request.
    preview_fixture(&app, "tradefair.xlsx").await;
    app.wait_for_text("table.mapping", "Inntal Security GmbH")
        .await;
    let summary = app.wait_for_text(".dialog", "headers on line 3").await;
    assert!(summary.contains("Excel workbook"), "{summary}");
    app.wait_for("select[data-action=sheet]").await;
    app.screenshot("19-import-workbook").await;
    app.choose("select[data-action=sheet]", "Notizen").await;
    app.wait_for_text("table.mapping", "Nicht importieren")
        .await;
    app.click(".dialog .actions button:not(.primary)").await;

    // The profile editor says how it reads each region.
    app.click("[data-nav=settings]").await;
    let hints = app.wait_for_text("[data-region-hints]", "DACH").await;
    assert!(hints.contains("every country and state in it"), "{hints}");
    app.scroll_to("[data-region-hints]").await;
    app.screenshot("19b-region-hints").await;

    app.stop().await;
}
