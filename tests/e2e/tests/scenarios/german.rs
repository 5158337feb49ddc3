//! A German user: the desktop session is de_DE, so the window speaks German and writes dates,
//! numbers and amounts the German way. Import a semicolon-separated long-list with German
//! headers, vet on the board, write terms with a German percentage, win a deal typed as
//! "45.000,00" and read the statement in euros as a German reads them. Every main screen is
//! photographed at the minimum window size and at 1920×1080, and none may have text that runs
//! out of its box without an ellipsis and a tooltip.

use allybook_e2e::App;

const PARTNER: &str = "Atlas Managed Print & Docs";
const CUSTOMER: &str = "Brauerei Ayinger";

/// Photographs the current screen at the minimum and a large window size, and fails on text
/// that overflows at either.
async fn photograph(app: &App, screen: &str) {
    app.photograph_at_both_sizes(&format!("de-{screen}")).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_german_user_imports_vets_writes_terms_and_reads_a_statement_in_german() {
    let app = App::start_in("de_DE.UTF-8").await;
    app.wait_for_text("h1", "Willkommen bei Allybook").await;
    app.click("[data-action=load-demo]").await;

    // Home: counted in German, attention grouped under German headings.
    app.wait_for_text(".page-head", "30 Kandidaten").await;
    let attention = app
        .wait_for_text("[data-attention]", "Kündigungsfrist")
        .await;
    assert!(attention.contains("Erledigt"), "{attention}");
    photograph(&app, "home").await;
    // The pictures: the partner funnel and the weighted pipeline, each with its table.
    app.scroll_to("[data-chart=funnel]").await;
    app.screenshot("de-home-charts").await;
    app.click("[data-chart-toggle=funnel]").await;
    let funnel = app
        .wait_for_text("[data-chart-table=funnel]", "So weit gekommen")
        .await;
    assert!(
        funnel.contains("Longlist") && funnel.contains("30"),
        "{funnel}"
    );
    app.click("[data-chart-toggle=pipeline]").await;
    let pipeline = app
        .wait_for_text("[data-chart-table=pipeline]", "Gewichtet")
        .await;
    assert!(pipeline.contains("\u{a0}€"), "{pipeline}");
    app.screenshot("de-home-chart-tables").await;

    // Find: a German spreadsheet export, semicolons and German headers, mapped in German words.
    app.click("[data-nav=find]").await;
    app.wait_for("tr[data-prospect]").await;
    let csv = app.dir.path().join("partner-liste.csv");
    std::fs::write(
        &csv,
        "Firmenname;Webseite;Land;Mitarbeiter\n\
         Bergland Systemhaus GmbH;bergland-systemhaus.example;Deutschland;45\n\
         Inntal Cloud AG;inntal-cloud.example;Österreich;120\n",
    )
    .expect("write the long-list");
    app.preview_import(&csv).await;
    let preview = app.wait_for_text(".dialog", "2 Zeilen").await;
    assert!(preview.contains("Spalte in der Datei"), "{preview}");
    assert!(preview.contains("Firmenname"), "{preview}");
    app.screenshot("de-import-preview").await;
    app.click("button[data-action=import].primary").await;
    let done = app.wait_for_text("[data-result]", "2 importiert").await;
    assert!(done.contains("0 zusammengeführt"), "{done}");
    app.click(".dialog .actions button.primary").await;
    let pager = app.wait_for_text(".pager", "von 32").await;
    assert!(pager.contains("1–32"), "{pager}");
    photograph(&app, "find").await;
    // A firm just imported: why it fits, and what to do next, said in German by the core.
    let search = app.wait_for("#search").await;
    search.send_keys("Bergland").await.expect("type");
    app.wait_for_text("#search-results", "Bergland Systemhaus")
        .await;
    search.send_keys("\u{E007}").await.expect("enter");
    let fit = app.wait_for_text("[data-fit]", "Region").await;
    assert!(fit.contains("innerhalb Ihrer Region"), "{fit}");
    assert!(!fit.contains("your region"), "{fit}");
    let next = app.wait_for_text("[data-guidance]", "Checkliste").await;
    assert!(!next.contains("checklist"), "{next}");
    app.screenshot("de-prospect-why").await;
    app.click("[data-panel] .close").await;

    // Vet: the board's columns under their German names.
    app.click("[data-nav=vet]").await;
    let board = app.wait_for_text(".board", "Prüfung").await;
    assert!(
        board.contains("Longlist") && board.contains("Verhandlung"),
        "{board}"
    );
    // In the smallest window the board says that columns continue, and finds a card by name.
    app.client
        .set_window_rect(0, 0, 860, 560)
        .await
        .expect("resize");
    app.wait_for_text("[data-board-visible]", "von 7").await;
    app.wait_for("[data-board-filter]")
        .await
        .send_keys("vltava")
        .await
        .expect("filter the board");
    let filtered = app.wait_for_text_gone(".board", "Montaña").await;
    assert!(filtered.contains("Vltava"), "{filtered}");
    app.screenshot_sized("de-vet-filtered-min", 860, 560).await;
    app.wait_for("[data-board-filter]")
        .await
        .clear()
        .await
        .expect("clear");
    photograph(&app, "vet").await;

    // The book's documents in German (a setting of the book, not of this computer): new
    // agreements are written with the German clauses.
    app.click("[data-nav=settings]").await;
    app.choose("#doc-language", "de").await;
    app.wait_for_text("[data-language] [role=status]", "Gespeichert")
        .await;

    // Formalise: a new contract, in German; the share typed the German way ("12,5") is 12.5 %.
    app.click("[data-nav=formalise]").await;
    app.wait_for_text("[data-new-partner]", "Danube Data Centres GmbH")
        .await;
    app.choose_text("[data-new-partner]", "Danube Data Centres GmbH")
        .await;
    app.click("button[data-action=new-contract]").await;
    app.wait_for_text("[data-contract]", "Danube Data Centres GmbH")
        .await;
    app.wait_for_text("[data-contract]", "Empfehlungsvereinbarung")
        .await;
    // Its clauses are the German ones.
    app.wait_for_text("[data-contract]", "Abwerbeverbot").await;
    let share = app.wait_for("[id='revenue_share.share_bp']").await;
    share.clear().await.expect("clear");
    share.send_keys("12,5").await.expect("type the share");
    app.click("button[data-action=save-contract]").await;
    app.wait_for_text("[data-notice]", "Als Version 2 gespeichert")
        .await;
    // The saved version's form is drawn afresh: read the field's value once it is back.
    let shown = app
        .eval_until(
            "return document.querySelector(\"[id='revenue_share.share_bp']\")?.value ?? ''",
            "12,5",
        )
        .await;
    assert_eq!(shown, "12,5", "the saved share reads back in German");
    photograph(&app, "formalise").await;

    // Sell together: a deal typed as "45.000,00", won; the statement in German euros.
    app.click("[data-nav=sell]").await;
    app.wait_for_text("[data-opportunities]", "Klinikum Oberland")
        .await;
    app.fill_new_opportunity(PARTNER, CUSTOMER, "45.000,00")
        .await;
    // A day typed the German way stays as typed, character by character.
    app.wait_for("#opp-expected_close_on")
        .await
        .send_keys("31.12.2026")
        .await
        .expect("type the day");
    let day = app
        .client
        .execute(
            "return document.querySelector('#opp-expected_close_on').value",
            vec![],
        )
        .await
        .expect("read the day");
    assert_eq!(day.as_str(), Some("31.12.2026"), "the day as typed");
    app.choose_text("[data-opp-stage]", "Gewonnen").await;
    app.click("button[data-action=save-opportunity]").await;
    app.wait_for_text(
        "[data-sell-notice]",
        "Brauerei Ayinger gespeichert (Gewonnen)",
    )
    .await;
    let table = app
        .wait_for_text("[data-opportunities] table", CUSTOMER)
        .await;
    assert!(table.contains("45.000,00\u{a0}€"), "{table}");
    app.choose_text("[data-statement-partner]", PARTNER).await;
    app.choose_text("[data-statement-period]", "Dieses Quartal")
        .await;
    let st = app.wait_for_text("[data-statement-result]", CUSTOMER).await;
    // 8 % of 45.000,00 € is 3.600,00 €.
    assert!(st.contains("3.600,00\u{a0}€"), "{st}");
    assert!(st.contains("8\u{a0}%"), "{st}");
    assert!(st.contains("schuldet"), "{st}");
    app.scroll_to("[data-statement]").await;
    app.screenshot("de-statement").await;
    // Fees per quarter: the chart, and as a table the quarter's amount the statement shows.
    app.click("[data-chart-toggle=fees]").await;
    let fees = app.wait_for_text("[data-chart-table=fees]", PARTNER).await;
    assert!(fees.contains("5.480,00\u{a0}€"), "{fees}");
    app.click("[data-chart-toggle=fees]").await;
    app.scroll_to("[data-chart=fees]").await;
    app.screenshot("de-fees-chart").await;
    photograph(&app, "sell").await;

    // Settings: the language follows the system, and says how dates and amounts look.
    app.click("[data-nav=settings]").await;
    let lang = app
        .wait_for_text("[data-language]", "Wie das System (Deutsch)")
        .await;
    assert!(lang.contains("14.10.2026"), "{lang}");
    photograph(&app, "settings").await;
    // Our headcount typed the German way: "1.250" is twelve hundred and fifty, shown back so.
    let employees = app.wait_for("#profile-employees").await;
    employees.clear().await.expect("clear");
    app.wait_for("#profile-employees")
        .await
        .send_keys("1.250")
        .await
        .expect("type");
    app.click("form[aria-labelledby=profile-h] button[type=submit]")
        .await;
    app.wait_for_text(
        "form[aria-labelledby=profile-h] [role=status]",
        "Gespeichert",
    )
    .await;
    let shown = app
        .client
        .execute(
            "return document.querySelector('#profile-employees').value",
            vec![],
        )
        .await
        .expect("read the field");
    assert_eq!(
        shown.as_str(),
        Some("1.250"),
        "the count reads back grouped"
    );
    // Half a person is not a headcount: said at the field, and nothing is saved.
    employees.clear().await.expect("clear");
    employees.send_keys("12,5").await.expect("type");
    app.wait_for_text("#profile-employees-count", "ganze Zahl")
        .await;

    // Switching to English changes the words at once; the choice is kept for this computer.
    app.choose("#ui-language", "en").await;
    app.wait_for_text("h1", "Settings").await;
    app.wait_for_text("nav", "Sell together").await;
    app.screenshot("de-switched-to-english").await;
    app.stop().await;
}

/// A German user's own new book writes its documents, checklist and scorecard in German from
/// the start.
#[tokio::test(flavor = "multi_thread")]
async fn a_german_users_own_book_starts_with_german_documents() {
    let app = App::start_in("de_DE.UTF-8").await;
    app.wait_for_text("h1", "Willkommen bei Allybook").await;
    app.click("[data-action=start-empty]").await;
    app.wait_for("[data-nav=settings]").await;
    app.click("[data-nav=settings]").await;
    app.wait_for("#doc-language").await;
    let chosen = app
        .eval_until("return document.querySelector('#doc-language').value", "de")
        .await;
    assert_eq!(chosen, "de", "the book's documents are German");
    app.stop().await;
}
