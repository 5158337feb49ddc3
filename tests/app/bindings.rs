//! The TypeScript bindings in ui/src/lib/bindings.ts are generated from the Rust types.
//! This test fails when they drift; `make bindings` (UPDATE_BINDINGS=1) rewrites them.

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
