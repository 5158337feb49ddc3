/// Commands the UI may call. Each gets an `allow-<name>` permission; capabilities grant them.
const COMMANDS: &[&str] = &[
    "overview",
    "get_profile",
    "save_profile",
    "list_prospects",
    "load_demo",
    "start_empty",
    "set_user_name",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*.json")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed: see the message above");
}
