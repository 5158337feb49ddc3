// Typed calls into the Rust core. One function per command; types come from bindings.ts.
import { invoke } from "@tauri-apps/api/core";
import type {
  LeadInput,
  RegionOption,
  LeadRegistration,
  Opportunity,
  OpportunityInput,
  OpportunityList,
  Statement,
  ClauseInfo,
  ClauseSelection,
  Comparison,
  ContractSummary,
  ContractVersion,
  Printed,
  Terms,
  VersionInfo,
  StatusChange,
  Activity,
  ActivityInput,
  ApiError,
  AttentionItem,
  BoardColumn,
  CalendarReport,
  ChecklistItem,
  ChecklistTemplateItem,
  DecisionInput,
  MoveOutcome,
  MoveRequest,
  PipelineSettings,
  PipelineView,
  ScoreLine,
  Scorecard,
  BookOverview,
  DemoSummary,
  Facets,
  FitExplanation,
  FitWeights,
  ImportOptions,
  ImportPreview,
  ImportReport,
  Profile,
  ProspectDetail,
  ProspectInput,
  ProspectPage,
  ProspectQuery,
  SearchHit,
  SearchStatus,
} from "./bindings";

export const api = {
  overview: () => invoke<BookOverview>("overview"),
  getProfile: () => invoke<Profile>("get_profile"),
  saveProfile: (profile: Profile) => invoke<Profile>("save_profile", { profile }),
  listProspects: (query: ProspectQuery) => invoke<ProspectPage>("list_prospects", { query }),
  loadDemo: () => invoke<DemoSummary>("load_demo"),
  startEmpty: () => invoke<null>("start_empty"),
  setUserName: (name: string) => invoke<null>("set_user_name", { name }),
  prospectDetail: (id: number) => invoke<ProspectDetail>("prospect_detail", { id }),
  saveProspect: (prospect: ProspectInput) => invoke<number>("save_prospect", { prospect }),
  setArchived: (id: number, archived: boolean) => invoke<null>("set_archived", { id, archived }),
  mergeProspects: (keep: number, other: number) => invoke<null>("merge_prospects", { keep, other }),
  explainFit: (id: number) => invoke<FitExplanation>("explain_fit", { id }),
  getWeights: () => invoke<FitWeights>("get_weights"),
  setWeights: (weights: FitWeights) => invoke<FitWeights>("set_weights", { weights }),
  search: (query: string) => invoke<SearchHit[]>("search", { query }),
  searchStatus: () => invoke<SearchStatus>("search_status"),
  searchCatchUp: () => invoke<SearchStatus>("search_catch_up"),
  importPreview: (path: string, options: ImportOptions) =>
    invoke<ImportPreview>("import_preview", { path, options }),
  importProspects: (path: string, options: ImportOptions) =>
    invoke<ImportReport>("import_prospects", { path, options }),
  exportProspects: (path: string) => invoke<number>("export_prospects", { path }),
  facets: () => invoke<Facets>("facets"),
  describeRegions: (texts: string[]) => invoke<(RegionOption | null)[]>("describe_regions", { texts }),
  pipelineView: (id: number) => invoke<PipelineView>("pipeline_view", { id }),
  board: () => invoke<BoardColumn[]>("board"),
  moveProspect: (request: MoveRequest) => invoke<MoveOutcome>("move_prospect", { request }),
  setChecklistItem: (prospect: number, item: number, done: boolean) =>
    invoke<ChecklistItem[]>("set_checklist_item", { prospect, item, done }),
  saveScores: (prospect: number, lines: ScoreLine[]) => invoke<Scorecard>("save_scores", { prospect, lines }),
  decide: (input: DecisionInput) => invoke<Scorecard>("decide", { input }),
  addActivity: (activity: ActivityInput) => invoke<Activity>("add_activity", { activity }),
  setFollowUpDone: (id: number, done: boolean) => invoke<Activity>("set_follow_up_done", { id, done }),
  attention: () => invoke<AttentionItem[]>("attention"),
  exportCalendar: (path: string) => invoke<CalendarReport>("export_calendar", { path }),
  saveDossier: (id: number, path: string) => invoke<number>("save_dossier", { id, path }),
  checklistTemplate: () => invoke<ChecklistTemplateItem[]>("checklist_template"),
  saveChecklistTemplate: (items: ChecklistTemplateItem[]) =>
    invoke<ChecklistTemplateItem[]>("save_checklist_template", { items }),
  pipelineSettings: () => invoke<PipelineSettings>("pipeline_settings"),
  savePipelineSettings: (settings: PipelineSettings) =>
    invoke<PipelineSettings>("save_pipeline_settings", { settings }),
  contracts: () => invoke<ContractSummary[]>("contracts"),
  contractVersion: (contract: number, version: number | null) =>
    invoke<ContractVersion>("contract_version", { contract, version }),
  contractVersions: (contract: number) => invoke<VersionInfo[]>("contract_versions", { contract }),
  defaultTerms: (prospect: number) => invoke<Terms>("default_terms", { prospect }),
  clauseLibrary: () => invoke<ClauseInfo[]>("clause_library"),
  saveClauseWording: (clause: string, text: string) => invoke<ClauseInfo[]>("save_clause_wording", { clause, text }),
  createContract: (prospect: number, terms: Terms) => invoke<number>("create_contract", { prospect, terms }),
  saveContract: (contract: number, terms: Terms, clauses: ClauseSelection) =>
    invoke<ContractVersion>("save_contract", { contract, terms, clauses }),
  setContractStatus: (contract: number, version: number, change: StatusChange) =>
    invoke<ContractVersion>("set_contract_status", { contract, version, change }),
  compareVersions: (contract: number, before: number, after: number) =>
    invoke<Comparison>("compare_versions", { contract, before, after }),
  attachSignedCopy: (contract: number, version: number, path: string) =>
    invoke<ContractVersion>("attach_signed_copy", { contract, version, path }),
  saveAgreement: (contract: number, version: number, path: string) =>
    invoke<number>("save_agreement", { contract, version, path }),
  printDraft: (contract: number, version: number) => invoke<Printed>("print_draft", { contract, version }),
  opportunities: (partner: number | null) => invoke<OpportunityList>("opportunities", { partner }),
  saveOpportunity: (opportunity: OpportunityInput) => invoke<Opportunity>("save_opportunity", { opportunity }),
  leads: (partner: number | null) => invoke<LeadRegistration[]>("leads", { partner }),
  registerLead: (lead: LeadInput) => invoke<LeadRegistration>("register_lead", { lead }),
  decideConflict: (id: number, decision: string) => invoke<LeadRegistration>("decide_conflict", { id, decision }),
  statement: (prospect: number, from: string, to: string) => invoke<Statement>("statement", { prospect, from, to }),
  saveStatement: (prospect: number, from: string, to: string, path: string) =>
    invoke<number>("save_statement", { prospect, from, to, path }),
};

/** Every command rejects with an ApiError; anything else (a bug, a lost IPC) is wrapped as one. */
export function asApiError(e: unknown): ApiError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const err = e as Partial<ApiError>;
    return {
      code: String(err.code),
      message: String(err.message),
      fields: Array.isArray(err.fields) ? err.fields : [],
    };
  }
  return { code: "internal", message: e instanceof Error ? e.message : String(e), fields: [] };
}

/** Field messages keyed by field name, for showing next to each input. */
export function fieldMessages(err: ApiError | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of err?.fields ?? []) out[f.field] ??= f.message;
  return out;
}

/** What to tell the user for an error code, in words that say what to do. */
export function explain(err: ApiError): string {
  switch (err.code) {
    case "database_too_new":
      return `${err.message}. Your data is safe and was not changed.`;
    case "corrupt_database":
    case "not_a_database":
    case "foreign_database":
      return `${err.message}. Restore a backup with "allybook restore FILE", or start Allybook with another --db file.`;
    case "busy":
      return "Another program is writing to the database. Try again in a moment.";
    default:
      return err.message;
  }
}
