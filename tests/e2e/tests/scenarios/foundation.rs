//! Foundation scenario: a first run on an empty store offers the sample data; loading it from the
//! UI lists the prospects of the store.

use allybook_e2e::App;

#[tokio::test(flavor = "multi_thread")]
async fn first_run_loads_the_sample_book_and_lists_its_prospects() {
    let app = App::start().await;

    app.wait_for_text("h1", "Welcome to Allybook").await;
    app.screenshot("01-welcome").await;
    app.click("[data-action=load-demo]").await;

    // Home shows the pipeline of the loaded book.
    app.wait_for_text(".page-head", "30 prospects").await;
    app.screenshot("02-home").await;

    // Find lists the store's prospects, paged; names in any script come back intact.
    app.click("[data-nav=find]").await;
    app.wait_for("tr[data-prospect]").await;
    app.screenshot("03-find").await;
    let pager = app.wait_for_text(".pager", "of 30").await;
    assert!(pager.contains("1–30"), "{pager}");
    let table = app
        .wait_for_text("table.list", "Müller Netzwerktechnik GmbH")
        .await;
    assert!(table.contains("東京ネットワーク株式会社"), "{table}");
    assert!(table.contains("Σύμβουλοι Δικτύων Α.Ε."), "{table}");
    // Shown in glyphs, not boxes, even without a CJK font on the system: the UI ships one.
    app.client
        .execute(
            "[...document.querySelectorAll('tr[data-prospect]')]
               .find((r) => r.textContent.includes('東京'))?.scrollIntoView({ block: 'center' })",
            vec![],
        )
        .await
        .expect("scroll to the Japanese name");
    app.screenshot("03b-find-scripts").await;

    // Filtering by stage asks the store again.
    app.click("button.chip[data-stage=vetting]").await;
    let vetting = app.wait_for_text(".pager", "of 4").await;
    assert!(vetting.contains("1–4"), "{vetting}");

    // The data is in the database file the app was started on.
    app.click("[data-nav=settings]").await;
    app.wait_for_text("dl.facts", "e2e.sqlite").await;
    app.screenshot("04-settings").await;

    // Our profile is validated in core; the message shows next to the field and nothing is saved.
    let currency = app.wait_for("#profile-currency").await;
    currency.clear().await.expect("clear currency");
    currency.send_keys("€1").await.expect("type currency");
    app.click("form.form button[type=submit]").await;
    app.wait_for_text("#profile-currency-err", "three-letter ISO 4217 code")
        .await;
    app.screenshot("05-profile-invalid").await;
    currency.clear().await.expect("clear currency");
    currency.send_keys("CHF").await.expect("type currency");
    app.click("form.form button[type=submit]").await;
    app.wait_for_text("form.form [role=status]", "Saved").await;
    let saved = allybook_core_currency(&app.db);
    assert_eq!(saved, "CHF");

    app.stop().await;
}

/// The profile currency as stored, read straight from the database the app writes.
fn allybook_core_currency(db: &std::path::Path) -> String {
    let store = allybook_core::Store::open(db).expect("open the app's database");
    allybook_core::book::profile(store.conn())
        .expect("profile")
        .currency
}
