//! What is generated from the Rust side and committed: the TypeScript bindings
//! (`ui/src/lib/bindings.ts`, from the core's types and the command map) and the window's
//! capability (`src-tauri/capabilities/default.json`, one grant per declared command). These tests
//! fail when either drifts; `make bindings` (UPDATE_BINDINGS=1) rewrites both.

use std::path::Path;

#[test]
fn typescript_bindings_match_the_rust_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings.ts");
    let expected = allybook_core::bindings::typescript();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &expected).expect("write bindings.ts");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "{} is out of date with the Rust types: run `make bindings` and commit the result",
        path.display()
    );
}

/// The plugin permissions the window needs beside its own commands: the open and save file
/// dialogs (import, export, backups). The opener and notification plugins are used from Rust
/// only, so the webview gets no permission for them.
const PLUGIN_PERMISSIONS: [&str; 2] = ["dialog:allow-open", "dialog:allow-save"];

/// The window's capability as generated: every declared command's `allow-<name>` in declaration
/// order, then the plugin permissions.
fn capability() -> String {
    #[derive(serde::Serialize)]
    struct Capability {
        identifier: &'static str,
        description: &'static str,
        windows: [&'static str; 1],
        permissions: Vec<String>,
    }
    let permissions = allybook_core::api::COMMANDS
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .chain(PLUGIN_PERMISSIONS.iter().map(|p| p.to_string()))
        .collect();
    let c = Capability {
        identifier: "main-window",
        description: "What the main window may do: Allybook's own commands, and the open/save file dialogs for import and export. No shell, no file system access from the webview, no network. Generated from the commands' declaration (`make bindings`): do not edit.",
        windows: ["main"],
        permissions,
    };
    serde_json::to_string_pretty(&c).expect("capability as JSON") + "\n"
}

#[test]
fn the_window_capability_is_generated_from_the_declared_commands() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/capabilities/default.json");
    let expected = capability();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &expected).expect("write the capability");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "{} is out of date with api/commands.rs: run `make bindings` and commit the result",
        path.display()
    );
}

/// Each declared command has exactly one grant, and nothing undeclared is granted: a command
/// added to `api/commands.rs` without a grant fails here, not in the window at run time.
#[test]
fn the_window_is_granted_exactly_the_declared_commands() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/capabilities/default.json");
    let text = std::fs::read_to_string(&path).expect("read the capability");
    let capability: serde_json::Value = serde_json::from_str(&text).expect("capability is JSON");
    let granted: Vec<String> = capability["permissions"]
        .as_array()
        .expect("a permissions list")
        .iter()
        .filter_map(|p| p.as_str())
        // Plugins' permissions are named `plugin:allow-…`; ours have no prefix.
        .filter(|p| !p.contains(':'))
        .map(str::to_string)
        .collect();
    let declared: Vec<String> = allybook_core::api::COMMANDS
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    let mut missing: Vec<&String> = declared.iter().filter(|d| !granted.contains(d)).collect();
    let mut extra: Vec<&String> = granted.iter().filter(|g| !declared.contains(g)).collect();
    missing.sort();
    extra.sort();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{}: declared but not granted {missing:?}; granted but not declared {extra:?}",
        path.display()
    );
    let mut unique = granted.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), granted.len(), "a command is granted twice");
}
