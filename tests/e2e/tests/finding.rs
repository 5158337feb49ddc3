//! Finding scenario: import a long-list with a bad row, see the error with its line, import
//! again skipping it, then see the ranked list and the explanation of the top prospect.

use allybook_e2e::App;

#[tokio::test(flavor = "multi_thread")]
async fn import_with_a_bad_row_then_rank_and_explain() {
    let app = App::start().await;
    let csv = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/import/e2e-partners.csv")
        .canonicalize()
        .expect("fixture");

    // A profile to rank against: the sample book's.
    app.click("[data-action=load-demo]").await;
    app.wait_for_text(".page-head", "30 prospects").await;
    app.click("[data-nav=find]").await;
    app.wait_for("tr[data-prospect]").await;

    // The import checks the file first and lists the bad row by its line and column.
    app.click("button[data-action=import]").await;
    let path = app.wait_for("#import-path").await;
    path.send_keys(csv.to_str().expect("utf-8 path"))
        .await
        .expect("type path");
    app.click("button[data-action=preview]").await;
    let errors = app.wait_for_text(".errors", "Line 4").await;
    assert!(errors.contains("Number of Employees"), "{errors}");
    assert!(errors.contains("\"many\""), "{errors}");
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

    app.stop().await;
}
