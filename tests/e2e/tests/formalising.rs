//! Formalising scenario: fill the terms (with a bad value first, its message next to the field),
//! print a draft PDF, mark the version signed, see it frozen, and a new draft created on edit.

use std::process::Command;

use allybook_e2e::App;

const PARTNER: &str = "Danube Data Centres GmbH";

fn pdftotext(path: &str) -> String {
    let out = Command::new("pdftotext")
        .args([path, "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn fill_terms_print_a_draft_sign_and_edit_into_a_new_draft() {
    let app = App::start().await;
    app.click("[data-action=load-demo]").await;
    app.wait_for_text(".page-head", "30 prospects").await;
    app.click("[data-nav=formalise]").await;
    app.wait_for_text("[data-new-partner]", PARTNER).await;

    // A new contract from the standard terms.
    app.client
        .execute(
            "const s = document.querySelector('[data-new-partner]');
             const o = [...s.options].find((o) => o.textContent.includes(arguments[0]));
             s.selectedIndex = o.index; s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![PARTNER.into()],
        )
        .await
        .expect("choose partner");
    app.click("button[data-action=new-contract]").await;
    app.wait_for_text("[data-contract]", PARTNER).await;

    // A share over 100 % is refused next to its field; nothing is saved.
    let share = app.wait_for("[id='revenue_share.share_bp']").await;
    share.clear().await.expect("clear");
    share.send_keys("150").await.expect("type");
    app.click("button[data-action=save-contract]").await;
    let form = app
        .wait_for_text(
            "[data-terms-form]",
            "A share is a percentage from 0 to 100.",
        )
        .await;
    assert!(!form.is_empty());
    app.screenshot("30-terms-error").await;
    share.clear().await.expect("clear");
    share.send_keys("12.5").await.expect("type");
    let territory = app.wait_for("[id='territory']").await;
    territory.send_keys("DACH").await.expect("territory");
    app.click("button[data-action=save-contract]").await;
    app.wait_for_text("[data-notice]", "Saved as version 2")
        .await;

    // Print the draft: the PDF names both parties and the share, and says DRAFT.
    app.click("button[data-action=print-draft]").await;
    let notice = app.wait_for_text("[data-notice]", ".pdf").await;
    let path = notice
        .split_whitespace()
        .find(|w| w.contains(".pdf"))
        .map(|w| {
            w.trim_end_matches([';', ',', ')', '.'])
                .trim_start_matches('(')
        })
        .map(|w| format!("{}.pdf", w.trim_end_matches(".pdf")))
        .expect("path in the notice");
    let text = pdftotext(&path);
    assert!(text.contains(PARTNER), "{text}");
    assert!(text.contains("Keystone Managed IT GmbH"), "{text}");
    assert!(text.contains("12.5 %"), "{text}");
    assert!(text.contains("Version 2 · DRAFT"), "{text}");
    app.screenshot("31-draft-printed").await;

    // Sign it: frozen.
    app.click("button[data-status-to=signed]").await;
    app.wait_for_text("[data-frozen]", "Version 2 is signed and frozen")
        .await;
    // The standard terms leave the effective date open: the page says what that means.
    app.wait_for_text("[data-no-effective-date]", "no effective date")
        .await;
    app.screenshot("32-signed-frozen").await;

    // Editing a signed version starts a new draft; the signed one stays.
    let territory = app.wait_for("[id='territory']").await;
    territory.send_keys(" and Nordics").await.expect("edit");
    app.click("button[data-action=save-contract]").await;
    app.wait_for_text("[data-notice]", "Saved as version 3 (draft)")
        .await;
    let versions = app
        .wait_for_text("[data-version-select]", "v3 · Draft")
        .await;
    assert!(versions.contains("v2 · Signed"), "{versions}");
    app.screenshot("33-new-draft").await;
    app.stop().await;
}
