//! The TypeScript bindings in ui/src/lib/bindings.ts are generated from the Rust types.
//! This test fails when they drift; `make bindings` (UPDATE_BINDINGS=1) rewrites them.

use std::path::Path;

#[test]
fn typescript_bindings_match_the_rust_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings.ts");
    let expected = allybook_app::bindings::typescript();
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
