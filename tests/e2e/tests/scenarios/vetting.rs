//! Vetting scenario: move a short-listed prospect to Vetting from the board with the keyboard
//! (confirming the open checklist items), fill the scorecard, record "go", and see the decision
//! on the board and the move in the prospect's history.

use allybook_e2e::fantoccini::key::Key;
use allybook_e2e::App;

const PARTNER: &str = "Rheinwerk OT Solutions AG";

#[tokio::test(flavor = "multi_thread")]
async fn move_to_vetting_fill_the_scorecard_and_record_go() {
    let app = App::start().await;
    app.click("[data-action=load-demo]").await;
    app.wait_for_text(".page-head", "30 prospects").await;

    // Home lists what needs attention, each item a way in.
    app.wait_for_text("[data-attention]", "Follow up with")
        .await;
    app.screenshot("20-home-attention").await;

    // The board: a column per stage.
    app.click("[data-nav=vet]").await;
    app.wait_for_text("[data-column=short_list]", PARTNER).await;
    app.screenshot("21-board").await;

    // Keyboard: focus the card, Shift+→ moves it one stage on. The gate lists the open items.
    let card_id = app
        .client
        .execute(
            "const b = [...document.querySelectorAll('[data-column=short_list] [data-card]')]
               .find((el) => el.textContent.includes(arguments[0]));
             b.focus(); return b.dataset.card;",
            vec![PARTNER.into()],
        )
        .await
        .expect("focus the card");
    let card_id = card_id.as_str().expect("card id").to_string();
    let card = app.wait_for(&format!("[data-card='{card_id}']")).await;
    card.send_keys(&format!("{}{}", Key::Shift, Key::Right))
        .await
        .expect("Shift+Right");
    let open = app
        .wait_for_text("[data-open-items]", "Region and customer size fit")
        .await;
    assert!(open.contains("Offering complements ours"), "{open}");
    app.screenshot("22-gate").await;
    app.wait_for("#move-note")
        .await
        .send_keys("Fills our OT security gap")
        .await
        .expect("note");
    app.click("button[data-action=confirm-move]").await;
    app.wait_for_text("[data-column=vetting]", PARTNER).await;

    // Open it: the page says what to do next — fill the scorecard.
    app.click(&format!("[data-card='{card_id}']")).await;
    app.wait_for_text("[data-guidance]", "Fill in the vetting scorecard")
        .await;
    app.screenshot("23-prospect-page").await;
    let scores = [
        ("Complementary offering", 5),
        ("Certifications and competencies", 4),
        ("References", 4),
        ("Financial stability", 4),
        ("Security posture", 5),
        ("Geographic fit", 5),
        ("Culture fit", 4),
        ("Capacity to commit resources", 3),
    ];
    for (criterion, score) in scores {
        app.client
            .execute(
                "const s = document.querySelector(`select[data-criterion=\"${arguments[0]}\"]`);
                 s.selectedIndex = arguments[1];
                 s.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![criterion.into(), score.into()],
            )
            .await
            .expect("score");
    }
    app.click("button[data-action=save-scores]").await;
    // (20·100 + 15·75 + 15·75 + 10·75 + 10·100 + 10·100 + 10·75 + 10·50) / 100 = 83
    let total = app.wait_for_text("[data-scorecard]", "Total 83").await;
    assert!(total.contains("pilot or partner"), "{total}");

    // Record "go" with a rationale.
    app.wait_for("#decide-rationale")
        .await
        .send_keys("Strong OT references; complements our network practice")
        .await
        .expect("rationale");
    app.click("button[data-action=decide]").await;
    let decided = app
        .wait_for_text("p.decision[data-decision=go]", "Go")
        .await;
    assert!(decided.contains("Anna Weber"), "{decided}");
    app.screenshot("24-decided").await;

    // The history shows the move with who, the note and what was skipped.
    let history = app.wait_for_text(".history", "Short-list → Vetting").await;
    assert!(history.contains("Fills our OT security gap"), "{history}");
    assert!(
        history.contains("Skipped: Offering complements ours"),
        "{history}"
    );

    // Back on the board the card carries the decision.
    app.click("[data-panel] .close").await;
    let card = app
        .wait_for_text(&format!("[data-card='{card_id}']"), "Go")
        .await;
    assert!(card.contains(PARTNER), "{card}");
    app.screenshot("25-board-go").await;

    // Settings: the stage checklists are editable.
    app.click("[data-nav=settings]").await;
    app.wait_for_text("[data-checklist-settings]", "Stage checklists")
        .await;
    app.scroll_to("[data-checklist-settings]").await;
    app.screenshot("26-settings-checklists").await;
    app.stop().await;
}
