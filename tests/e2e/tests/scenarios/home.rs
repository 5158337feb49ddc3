//! Home says what to do today: on the sample book, what needs attention is grouped (Overdue,
//! Today, This week, Later) with every contract notice date shown; "Done" takes an item off the
//! list and "Snooze…" until a day; the sidebar's numbers are its shortcuts, and a shortcut puts
//! the focus on the new page's heading.

use allybook_e2e::App;

/// How many items of Home's list match `css` (inside the list).
async fn count(app: &App, css: &str) -> i64 {
    app.client
        .execute(
            "return document.querySelectorAll('[data-attention] ' + arguments[0]).length;",
            vec![css.into()],
        )
        .await
        .expect("count")
        .as_i64()
        .unwrap_or(-1)
}

/// Waits up to 5 s until `count(css)` is `n`; returns the last count.
async fn wait_count(app: &App, css: &str, n: i64) -> i64 {
    let mut now = -1;
    for _ in 0..50 {
        now = count(app, css).await;
        if now == n {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    now
}

#[tokio::test(flavor = "multi_thread")]
async fn home_groups_what_is_due_and_items_are_done_or_snoozed() {
    let app = App::start().await;
    app.wait_for_text("h1", "Welcome to Allybook").await;
    app.click("[data-action=load-demo]").await;
    app.wait_for_text(".page-head", "30 prospects").await;
    app.wait_for_text("h3.group[data-group=overdue]", "Overdue")
        .await;
    app.screenshot("home-grouped").await;

    // Notice dates are never folded away, whatever comes before them.
    let notices = count(&app, "li[data-kind=contract_notice]").await;
    assert!(notices >= 1, "the sample has a notice date on Home");

    // Done on the notice date: it leaves the list, and the page says so.
    let title = app
        .text_of("[data-attention] li[data-kind=contract_notice] .title")
        .await
        .expect("a notice item");
    app.click("[data-attention] li[data-kind=contract_notice] [data-action=done]")
        .await;
    let said = app
        .wait_for_text("[data-attention] [role=status]", "Done:")
        .await;
    assert!(said.contains(&title), "{said:?} names {title:?}");
    assert_eq!(
        wait_count(&app, "li[data-kind=contract_notice]", notices - 1).await,
        notices - 1
    );

    // Snooze a stuck prospect until tomorrow: off the list today.
    let stuck = count(&app, "li[data-kind=stuck]").await;
    assert!(stuck >= 1, "the sample has stuck prospects");
    app.click("[data-attention] li[data-kind=stuck] [data-action=snooze]")
        .await;
    app.screenshot("home-snooze-choices").await;
    app.click("[data-attention] li[data-kind=stuck] .snooze button")
        .await;
    app.wait_for_text("[data-attention] [role=status]", "Snoozed until")
        .await;
    assert_eq!(
        wait_count(&app, "li[data-kind=stuck]", stuck - 1).await,
        stuck - 1
    );

    // The sidebar numbers its places as their shortcuts: Alt+3 is "3 Vet".
    let vet = app.text_of("[data-nav=vet]").await.unwrap_or_default();
    assert!(vet.contains('3') && vet.contains("Vet"), "{vet:?}");
    app.click("[data-nav=vet]").await;
    app.wait_for("main h1").await;
    let focused = app
        .eval_until(
            "return document.activeElement ? document.activeElement.tagName : '';",
            "H1",
        )
        .await;
    assert_eq!(
        focused, "H1",
        "after switching page the focus is on its heading"
    );
    app.stop().await;
}
