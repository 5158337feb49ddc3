/// Commands the UI may call. Each gets an `allow-<name>` permission; capabilities grant them.
const COMMANDS: &[&str] = &[
    "overview",
    "get_profile",
    "save_profile",
    "list_prospects",
    "load_demo",
    "start_empty",
    "set_user_name",
    "prospect_detail",
    "save_prospect",
    "set_archived",
    "merge_prospects",
    "explain_fit",
    "get_weights",
    "set_weights",
    "search",
    "import_preview",
    "import_prospects",
    "export_prospects",
    "facets",
    "pipeline_view",
    "board",
    "move_prospect",
    "set_checklist_item",
    "save_scores",
    "decide",
    "add_activity",
    "set_follow_up_done",
    "attention",
    "export_calendar",
    "save_dossier",
    "checklist_template",
    "save_checklist_template",
    "pipeline_settings",
    "save_pipeline_settings",
    "contracts",
    "contract_version",
    "contract_versions",
    "default_terms",
    "clause_library",
    "create_contract",
    "save_contract",
    "set_contract_status",
    "compare_versions",
    "attach_signed_copy",
    "save_agreement",
    "print_draft",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*.json")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed: see the message above");
}
