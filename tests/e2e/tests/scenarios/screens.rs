//! Every main screen in both languages and both themes, at the minimum window (860×560) and a
//! large one (1920×1080), into target/e2e/screens-LANG-THEME-SCREEN-SIZE.png, each measured:
//! text that runs out of its box without an ellipsis and a tooltip fails. (German in the light
//! theme is photographed by the German scenario, which also works through each step.)

use allybook_e2e::App;

const SCREENS: [(&str, &str); 6] = [
    ("home", "[data-attention]"),
    ("find", "tr[data-prospect]"),
    ("vet", ".board"),
    ("formalise", "table.list"),
    ("sell", "[data-opportunities]"),
    ("settings", "[data-language]"),
];

async fn every_screen(lang: &str, theme: &str) {
    let mut env = vec![("LANG", lang), ("LANGUAGE", ""), ("LC_ALL", "")];
    if theme == "dark" {
        // WebKitGTK takes prefers-color-scheme from the GTK theme.
        env.push(("GTK_THEME", "Adwaita:dark"));
    }
    let app = App::start_with_env(|_| {}, &env).await;
    app.click("[data-action=load-demo]").await;
    app.wait_for("[data-attention] li").await;
    let dark = app
        .client
        .execute(
            "return matchMedia('(prefers-color-scheme: dark)').matches",
            vec![],
        )
        .await
        .expect("theme");
    assert_eq!(
        dark.as_bool(),
        Some(theme == "dark"),
        "the window follows the {theme} theme"
    );
    let short = &lang[..2];
    for (screen, ready) in SCREENS {
        app.click(&format!("[data-nav={screen}]")).await;
        app.wait_for(ready).await;
        app.photograph_at_both_sizes(&format!("screens-{short}-{theme}-{screen}"))
            .await;
        if screen == "find" {
            // A prospect's page (the panel over Find): its fit chart and explanation.
            app.client
                .execute(
                    "document.querySelector('tr[data-prospect]').click()",
                    vec![],
                )
                .await
                .expect("open the first prospect");
            app.wait_for("[data-panel] [data-fit]").await;
            app.photograph_at_both_sizes(&format!("screens-{short}-{theme}-prospect"))
                .await;
            app.click("[data-panel] button.close").await;
        }
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_in_english_light() {
    every_screen("en_GB.UTF-8", "light").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_in_english_dark() {
    every_screen("en_US.UTF-8", "dark").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_in_german_dark() {
    every_screen("de_DE.UTF-8", "dark").await;
}
