// Commands the UI may call, read from their one declaration (`core/src/api/commands.rs`): each
// gets an `allow-<name>` permission; `capabilities/default.json` grants them.
macro_rules! commands {
    ($( $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty = $mode:ident |$s:ident| $body:expr ; )*) => {
        const COMMANDS: &[&str] = &[$(stringify!($name)),*];
    };
}
include!("core/src/api/commands.rs");

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/core/src/api/commands.rs");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*.json")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed: see the message above");
}
