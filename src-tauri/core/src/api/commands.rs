// The window's commands, each declared once: name, arguments (as the UI sends them), result, and
// the one core call that answers it. `store |s|` runs with the book open (`s: &mut Store`, one
// command at a time); `free |_s|` needs no book (reading a file, describing a place); `api |a|`
// acts on the book's file itself (`a: &Api`: restoring it, choosing another).
//
// This file is read three times: by `api/mod.rs` (the typed dispatcher), by the shell's
// `build.rs` (one `allow-<name>` permission per command) and by the bindings (the TypeScript
// `Commands` map). Adding a command is adding an entry here, the core function it calls, and the
// UI call; `capabilities/default.json` must grant it (a test says so).
commands! {
    overview() -> BookOverview = store |s| book::overview(s);
    get_profile() -> Profile = store |s| book::profile(s.conn());
    save_profile(profile: Profile) -> Profile = store |s| book::save_profile(s, &profile);
    list_prospects(query: ProspectQuery) -> ProspectPage = store |s| book::list_prospects(s.conn(), &query);
    load_demo() -> DemoSummary = store |s| demo::load(s);
    start_empty() -> () = store |s| book::start_empty(s);
    set_user_name(name: String) -> () = store |s| book::set_user_name(s, &name);
    // The language the book's documents (referral-fee statements) are written in.
    document_language() -> DocLanguage = store |s| book::document_language(s);
    set_document_language(language: DocLanguage) -> DocLanguage = store |s| book::set_document_language(s, language);
    prospect_detail(id: i64) -> ProspectDetail = store |s| book::prospect_detail(s.conn(), id);
    save_prospect(prospect: ProspectInput) -> i64 = store |s| book::save_prospect(s, &prospect);
    set_archived(id: i64, archived: bool) -> () = store |s| book::set_archived(s, id, archived);
    merge_prospects(keep: i64, other: i64) -> () = store |s| book::merge_prospects(s, keep, other);
    explain_fit(id: i64) -> FitExplanation = store |s| scoring::explain_prospect(s.conn(), id);
    get_weights() -> FitWeights = store |s| scoring::weights(s.conn());
    set_weights(weights: FitWeights) -> FitWeights = store |s| scoring::set_weights(s, &weights);
    search(query: String) -> Vec<SearchHit> = store |s| search::search(s.conn(), &query, 20);
    search_status() -> SearchStatus = store |s| search::status(s.conn());
    // One chunk of the search indexing a large import leaves for after its commit; the window
    // calls it until nothing is pending (each call holds the store for one short transaction).
    search_catch_up() -> SearchStatus = store |s| search::catch_up_step(s);
    // Reading a file needs no store: no wait for (or hold on) its lock.
    import_preview(path: String, options: ImportOptions) -> ImportPreview = free |_s| import::preview_file(Path::new(&path), &options, 5);
    import_prospects(path: String, options: ImportOptions) -> ImportReport = store |s| import::import_file(s, Path::new(&path), &options);
    export_prospects(path: String) -> i64 = store |s| import::export(s.conn(), Path::new(&path));
    facets() -> Facets = store |s| book::facets(s.conn());
    // What each region a user typed means (for the profile editor's hints); None = no known place.
    describe_regions(texts: Vec<String>) -> Vec<Option<RegionOption>> = free |_s| Ok(geo::describe(&texts));
    pipeline_view(id: i64) -> PipelineView = store |s| pipeline::pipeline_view(s.conn(), id, today());
    board() -> Vec<BoardColumn> = store |s| pipeline::board(s.conn(), 60);
    // The partner funnel for Home's chart: now, reached, conversion per stage of the main line.
    funnel() -> Vec<FunnelStage> = store |s| pipeline::funnel(s.conn());
    move_prospect(request: MoveRequest) -> MoveOutcome = store |s| pipeline::move_prospect(s, &request);
    set_checklist_item(prospect: i64, item: i64, done: bool) -> Vec<ChecklistItem> = store |s| pipeline::set_checklist_item(s, prospect, item, done, today());
    save_scores(prospect: i64, lines: Vec<ScoreLine>) -> Scorecard = store |s| pipeline::save_scores(s, prospect, &lines);
    decide(input: DecisionInput) -> Scorecard = store |s| pipeline::decide(s, &input, today());
    add_activity(activity: ActivityInput) -> Activity = store |s| pipeline::add_activity(s, &activity, today());
    set_follow_up_done(id: i64, done: bool) -> Activity = store |s| pipeline::set_follow_up_done(s, id, done);
    attention() -> Vec<AttentionItem> = store |s| attention::attention(s.conn(), today());
    // Home's "Done" and "Snooze…": the item leaves the list (until it is due again, or until the
    // day); the list as it now stands comes back.
    attention_done(kind: AttentionKind, ref_id: i64, date: String) -> Vec<AttentionItem> = store |s| attention::done(s, kind, ref_id, &date, today());
    attention_snooze(kind: AttentionKind, ref_id: i64, date: String, until: String) -> Vec<AttentionItem> = store |s| attention::snooze(s, kind, ref_id, &date, &until, today());
    export_calendar(path: String) -> CalendarReport = store |s| attention::export_calendar(s.conn(), Path::new(&path));
    save_dossier(id: i64, path: String) -> usize = store |s| dossier::write(s.conn(), id, today(), Path::new(&path));
    checklist_template() -> Vec<ChecklistTemplateItem> = store |s| pipeline::checklist_template(s.conn());
    save_checklist_template(items: Vec<ChecklistTemplateItem>) -> Vec<ChecklistTemplateItem> = store |s| pipeline::save_checklist_template(s, &items);
    pipeline_settings() -> PipelineSettings = store |s| pipeline::pipeline_settings(s.conn());
    save_pipeline_settings(settings: PipelineSettings) -> PipelineSettings = store |s| pipeline::save_pipeline_settings(s, &settings);
    contracts() -> Vec<ContractSummary> = store |s| contract::list(s.conn());
    contract_version(contract: i64, version: Option<i64>) -> ContractVersion = store |s| contract::version(s.conn(), contract, version);
    contract_versions(contract: i64) -> Vec<VersionInfo> = store |s| contract::versions(s.conn(), contract);
    default_terms(prospect: i64) -> Terms = store |s| contract::default_terms(s.conn(), prospect);
    clause_library() -> Vec<ClauseInfo> = store |s| clauses::clause_library(s.conn());
    save_clause_wording(clause: String, text: String) -> Vec<ClauseInfo> = store |s| clauses::save_wording(s, &clause, &text);
    create_contract(prospect: i64, terms: Terms) -> i64 = store |s| contract::create(s, prospect, Some(terms));
    save_contract(contract: i64, terms: Terms, clauses: ClauseSelection) -> ContractVersion = store |s| contract::save(s, contract, &terms, &clauses);
    set_contract_status(contract: i64, version: i64, change: StatusChange) -> ContractVersion = store |s| contract::change_status(s, contract, version, &change, today());
    compare_versions(contract: i64, before: i64, after: i64) -> Comparison = store |s| contract::compare(s.conn(), contract, before, after);
    attach_signed_copy(contract: i64, version: i64, path: String) -> ContractVersion = store |s| contract::attach(s, contract, version, Path::new(&path));
    save_agreement(contract: i64, version: i64, path: String) -> usize = store |s| contract::write_pdf(s.conn(), contract, Some(version), Path::new(&path));
    // "Print draft": the agreement written to the cache folder (the path chosen here, never by
    // the webview); the window then opens it in the system's PDF viewer.
    print_draft(contract: i64, version: i64) -> Printed = store |s| print_draft(s, contract, version);
    opportunities(partner: Option<i64>) -> OpportunityList = store |s| selling::opportunities(s.conn(), partner, today());
    save_opportunity(opportunity: OpportunityInput) -> Opportunity = store |s| selling::save_opportunity(s, &opportunity, today());
    leads(partner: Option<i64>) -> Vec<LeadRegistration> = store |s| selling::leads(s.conn(), partner, today());
    register_lead(lead: LeadInput) -> LeadRegistration = store |s| selling::register_lead(s, &lead, today());
    decide_conflict(id: i64, decision: String) -> LeadRegistration = store |s| selling::decide_conflict(s, id, &decision, today());
    // Fees earned and owed per quarter by partner, for the last four quarters (a chart on Sell together).
    fees_by_quarter() -> Vec<QuarterFees> = store |s| selling::fees_by_quarter(s.conn(), today(), 4);
    statement(prospect: i64, from: String, to: String) -> Statement = store |s| selling::statement_between(s.conn(), prospect, &from, &to);
    save_statement(prospect: i64, from: String, to: String, path: String) -> usize = store |s| selling::save_statement(s.conn(), prospect, &from, &to, Path::new(&path));
    // The book itself, from the window's Settings and its cannot-open page.
    backup_book(path: String) -> () = store |s| s.backup_to(Path::new(&path));
    restore_book(path: String) -> RestoreDone = api |a| a.restore_from(Path::new(&path));
    // Checks and remembers another book (`create`: a new one); the window then reopens on it.
    open_book(path: String, create: bool) -> String = api |a| desktop::choose_book(Path::new(&path), create, a.path()).map(|p| p.display().to_string());
    // The OS's locale: the window's language and formats follow it unless the user chose one.
    system_locale() -> Option<String> = free |_s| Ok(desktop::system_locale());
    desktop_settings() -> DesktopSettings = store |s| desktop::settings(s);
    save_desktop_settings(settings: DesktopSettings) -> DesktopSettings = store |s| desktop::save_settings(s, &settings);
    // What is due today, once a day; the window shows it as a desktop notification.
    due_reminder() -> Option<Reminder> = api |a| a.due_reminder();
    // A number that changes when another process (the CLI, a second window) commits to the
    // book; the window polls it and reloads what it shows.
    // (and when a team sync round wrote the team's changes into it).
    book_version() -> i64 = api |a| a.book_version();
    // A team book (issue 16): its state, a round now, making and joining one, what needs review.
    team_status() -> TeamStatus = api |a| a.team_status();
    sync_now() -> TeamStatus = api |a| a.sync_now();
    create_team(relay: String, member: String) -> String = api |a| a.create_team(&relay, &member);
    join_team(invite: String, member: String) -> TeamStatus = api |a| a.join_team(&invite, &member);
    // Invites, each for one colleague (the owner's laptop; made and revoked at the relay).
    team_invite(name: String) -> String = api |a| a.team_invite(&name);
    team_invites() -> Vec<TeamInvite> = api |a| a.team_invites();
    revoke_invite(id: String) -> Vec<TeamInvite> = api |a| a.revoke_invite(&id);
    save_invite(invite: String, path: String) -> () = api |a| a.save_invite(&invite, Path::new(&path));
    leave_team() -> TeamStatus = api |a| a.leave_team();
    needs_review() -> Vec<ReviewItem> = store |s| team::review(s);
    // Records from the team this book could not take (a rule of the book refused them).
    sync_problems() -> Vec<Problem> = store |s| team::problems(s.conn());
    resolve_review(record: String, choices: Vec<ReviewChoice>) -> Vec<ReviewItem> = store |s| team::resolve(s, &record, &choices);
}
