//! Selling scenario: create an opportunity with a partner, win it, and see it on that partner's
//! referral-fee statement with the share in force.

use allybook_e2e::App;

const PARTNER: &str = "Atlas Managed Print & Docs";
const CUSTOMER: &str = "Brauhaus Tegernsee";

#[tokio::test(flavor = "multi_thread")]
async fn create_an_opportunity_win_it_and_see_it_on_the_statement() {
    let app = App::start().await;
    app.click("[data-action=load-demo]").await;
    app.wait_for_text(".page-head", "30 prospects").await;
    app.click("[data-nav=sell]").await;
    app.wait_for_text("[data-opportunities]", "Klinikum Oberland")
        .await;
    app.screenshot("40-sell").await;

    // A new opportunity with the partner.
    app.fill_new_opportunity(PARTNER, CUSTOMER, "10,000").await;
    app.click("button[data-action=save-opportunity]").await;
    app.wait_for_text(
        "[data-sell-notice]",
        "Saved Brauhaus Tegernsee (Identified)",
    )
    .await;

    // Win it (once the list has reloaded with the new row).
    app.wait_for_text("[data-opportunities] table", CUSTOMER)
        .await;
    app.client
        .execute(
            "const row = [...document.querySelectorAll('tr[data-opportunity]')]
               .find((r) => r.textContent.includes(arguments[0]));
             row.querySelector('td.name').click();",
            vec![CUSTOMER.into()],
        )
        .await
        .expect("open the opportunity");
    app.wait_for("[data-opportunity-form]").await;
    app.choose_text("[data-opp-stage]", "Won").await;
    app.click("button[data-action=save-opportunity]").await;
    app.wait_for_text("[data-sell-notice]", "Saved Brauhaus Tegernsee (Won)")
        .await;

    // The partner's statement lists it with the share in force (8 %) and the fee.
    app.choose_text("[data-statement-partner]", PARTNER).await;
    app.click("button[data-action=show-statement]").await;
    let st = app.wait_for_text("[data-statement-result]", CUSTOMER).await;
    assert!(st.contains("8%"), "{st}");
    assert!(st.contains("800.00"), "8 % of 10,000.00: {st}");
    assert!(st.contains("Keystone Managed IT GmbH owes"), "{st}");
    app.screenshot("41-statement").await;

    // A period picked from the list shows at once: last year's statement cannot hold a deal won
    // today; this quarter's does.
    app.choose_text("[data-statement-period]", "Last year")
        .await;
    app.wait_for_text_gone("[data-statement-result]", CUSTOMER)
        .await;
    app.choose_text("[data-statement-period]", "This quarter")
        .await;
    app.wait_for_text("[data-statement-result]", CUSTOMER).await;
    app.scroll_to("[data-statement]").await;
    app.screenshot("42-statement-this-quarter").await;
    app.stop().await;
}
