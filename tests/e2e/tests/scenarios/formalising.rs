//! Formalising scenario: fill the terms (with a bad value first, its message next to the field),
//! print a draft PDF, sign the version through its dialog (signatories, confirmation), see it
//! frozen, a new draft created on edit, and terminate the signed version with a reason.

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

    // Sign it: a dialog asks who signed for each party; nothing happens on the click alone.
    app.click("button[data-status-to=signed]").await;
    app.wait_for("dialog[data-status-dialog=signed]").await;
    // Continuing with nobody named is refused next to the fields.
    app.click("button[data-action=review-status]").await;
    app.wait_for_text("dialog[data-status-dialog=signed]", "Who signed for us?")
        .await;
    app.screenshot("32-sign-dialog-errors").await;
    for (id, value) in [
        ("status-our_signatory.name", "Anna Weber"),
        ("status-our_signatory.role", "Managing Director"),
        ("status-partner_signatory.name", "Jakob Gruber"),
        ("status-partner_signatory.role", "Geschäftsführer"),
    ] {
        app.wait_for(&format!("[id='{id}']"))
            .await
            .send_keys(value)
            .await
            .expect("type");
    }
    app.click("button[data-action=review-status]").await;
    let summary = app
        .wait_for_text("[data-status-summary]", "Jakob Gruber (Geschäftsführer)")
        .await;
    assert!(
        summary.contains("Anna Weber (Managing Director)"),
        "{summary}"
    );
    // The confirmation opens on "Go back", not on the button that signs.
    let focused = app
        .client
        .execute(
            "return document.activeElement?.dataset?.action ?? ''",
            vec![],
        )
        .await
        .expect("focus");
    assert_eq!(focused.as_str(), Some("back"), "focus on Go back");
    app.screenshot("33-sign-confirm").await;
    app.click("button[data-action=confirm-status]").await;
    app.wait_for_text("[data-frozen]", "Version 2 is signed and frozen")
        .await;
    // The standard terms leave the effective date open: signing made it the signing date, so
    // the "no effective date" trap is gone, and the history records who signed.
    assert!(app.text_of("[data-no-effective-date]").await.is_none());
    let history = app
        .wait_for_text("[data-events]", "signed by Anna Weber")
        .await;
    assert!(history.contains("Jakob Gruber"), "{history}");
    // The pipeline move that usually follows is offered, not made.
    app.wait_for_text(
        "[data-offer-move]",
        "Move Danube Data Centres GmbH to Active",
    )
    .await;
    app.screenshot("34-signed-frozen").await;

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
    app.screenshot("35-new-draft").await;

    // Compare v3 with v2 as people read it: the form's labels, formatted values, and the
    // clause's added words marked.
    app.click("[data-compare-with] option[data-version='2']")
        .await;
    app.click("button[data-action=compare]").await;
    let territory = app
        .wait_for_text("[data-term-change=territory]", "Territory")
        .await;
    assert!(territory.contains("DACH and Nordics"), "{territory}");
    let share = app.text_of("[data-comparison]").await.unwrap_or_default();
    assert!(
        !share.contains("share_bp"),
        "labels, not field paths: {share}"
    );
    app.wait_for_text("[data-clause-change] ins", "and Nordics")
        .await;
    app.scroll_to("[data-comparison]").await;
    app.screenshot("35b-compare").await;

    // The book's own wording of a clause: a template version of its own, marked as changed.
    app.click("[data-clause=liability] button[data-action=edit-wording]")
        .await;
    let text = app.wait_for("[id='wording-liability']").await;
    text.clear().await.expect("clear");
    text.send_keys("Liability is limited to {{ nonsense }}.")
        .await
        .expect("type");
    app.click("button[data-action=save-wording]").await;
    app.wait_for_text("[data-clause=liability] .field-error", "nonsense")
        .await;
    text.clear().await.expect("clear");
    text.send_keys("Each Party's liability is limited to the shares paid or payable to it in the twenty-four months before the damage.")
        .await
        .expect("type");
    app.click("button[data-action=save-wording]").await;
    app.wait_for("[data-clause=liability] [data-own-wording]")
        .await;
    app.wait_for_text("[data-notice]", "template own-1").await;
    app.scroll_to("[data-clause=liability]").await;
    app.screenshot("35c-own-wording").await;

    // Terminating the signed version asks for the date and a reason, then confirms.
    app.choose("[data-version-select]", "2").await;
    app.wait_for_text("[data-frozen]", "Version 2 is signed")
        .await;
    app.click("button[data-status-to=terminated]").await;
    app.wait_for("dialog[data-status-dialog=terminated]").await;
    app.click("button[data-action=review-status]").await;
    app.wait_for_text("dialog[data-status-dialog=terminated]", "Say why")
        .await;
    app.wait_for("[id='status-reason']")
        .await
        .send_keys("The partner was acquired")
        .await
        .expect("reason");
    app.click("button[data-action=review-status]").await;
    app.wait_for_text("[data-status-summary]", "The partner was acquired")
        .await;
    app.screenshot("36-terminate-confirm").await;
    app.click("button[data-action=confirm-status]").await;
    app.wait_for_text("[data-frozen]", "Version 2 is terminated")
        .await;
    app.wait_for_text("[data-events]", "The partner was acquired")
        .await;
    app.stop().await;
}
