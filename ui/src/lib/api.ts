// Typed calls into the Rust core. One function per command; command names, arguments and
// results are checked against the `Commands` map generated from their one declaration.
import { invoke } from "@tauri-apps/api/core";
import { t } from "./i18n.svelte";
import { phraseText } from "./phrase";
import type {
  LeadInput,
  OpportunityInput,
  ClauseSelection,
  Terms,
  StatusChange,
  ActivityInput,
  ApiError,
  AttentionItem,
  ErrorCode,
  ChecklistTemplateItem,
  DecisionInput,
  MoveRequest,
  PipelineSettings,
  ScoreLine,
  FitWeights,
  ImportOptions,
  Profile,
  ProspectInput,
  ProspectQuery,
  Commands,
  DesktopSettings,
  DocLanguage,
  ReviewChoice,
} from "./bindings";

/** Arguments of command `K`: none for a command that takes none. */
type ArgsOf<K extends keyof Commands> = Commands[K][0] extends Record<string, never> ? [] : [Commands[K][0]];

/** Invokes command `K` with its declared arguments; resolves to its declared result. */
export function call<K extends keyof Commands>(cmd: K, ...args: ArgsOf<K>): Promise<Commands[K][1]> {
  return invoke<Commands[K][1]>(cmd, args[0] ?? {});
}

export const api = {
  overview: () => call("overview"),
  getProfile: () => call("get_profile"),
  saveProfile: (profile: Profile) => call("save_profile", { profile }),
  listProspects: (query: ProspectQuery) => call("list_prospects", { query }),
  loadDemo: () => call("load_demo"),
  startEmpty: () => call("start_empty"),
  documentLanguage: () => call("document_language"),
  setDocumentLanguage: (language: DocLanguage) => call("set_document_language", { language }),
  setUserName: (name: string) => call("set_user_name", { name }),
  prospectDetail: (id: number) => call("prospect_detail", { id }),
  saveProspect: (prospect: ProspectInput) => call("save_prospect", { prospect }),
  setArchived: (id: number, archived: boolean) => call("set_archived", { id, archived }),
  mergeProspects: (keep: number, other: number) => call("merge_prospects", { keep, other }),
  explainFit: (id: number) => call("explain_fit", { id }),
  getWeights: () => call("get_weights"),
  setWeights: (weights: FitWeights) => call("set_weights", { weights }),
  search: (query: string) => call("search", { query }),
  searchStatus: () => call("search_status"),
  searchCatchUp: () => call("search_catch_up"),
  bookVersion: () => call("book_version"),
  backupBook: (path: string) => call("backup_book", { path }),
  restoreBook: (path: string) => call("restore_book", { path }),
  openBook: (path: string, create: boolean) => call("open_book", { path, create }),
  systemLocale: () => call("system_locale"),
  desktopSettings: () => call("desktop_settings"),
  saveDesktopSettings: (settings: DesktopSettings) => call("save_desktop_settings", { settings }),
  importPreview: (path: string, options: ImportOptions) =>
    call("import_preview", { path, options }),
  importProspects: (path: string, options: ImportOptions) =>
    call("import_prospects", { path, options }),
  exportProspects: (path: string) => call("export_prospects", { path }),
  facets: () => call("facets"),
  describeRegions: (texts: string[]) => call("describe_regions", { texts }),
  pipelineView: (id: number) => call("pipeline_view", { id }),
  board: () => call("board"),
  funnel: () => call("funnel"),
  feesByQuarter: () => call("fees_by_quarter"),
  moveProspect: (request: MoveRequest) => call("move_prospect", { request }),
  setChecklistItem: (prospect: number, item: number, done: boolean) =>
    call("set_checklist_item", { prospect, item, done }),
  saveScores: (prospect: number, lines: ScoreLine[]) => call("save_scores", { prospect, lines }),
  decide: (input: DecisionInput) => call("decide", { input }),
  addActivity: (activity: ActivityInput) => call("add_activity", { activity }),
  setFollowUpDone: (id: number, done: boolean) => call("set_follow_up_done", { id, done }),
  attentionDone: (item: AttentionItem) =>
    call("attention_done", { kind: item.kind, ref_id: item.ref_id, date: item.date }),
  attentionSnooze: (item: AttentionItem, until: string) =>
    call("attention_snooze", { kind: item.kind, ref_id: item.ref_id, date: item.date, until }),
  attention: () => call("attention"),
  exportCalendar: (path: string) => call("export_calendar", { path }),
  saveDossier: (id: number, path: string) => call("save_dossier", { id, path }),
  checklistTemplate: () => call("checklist_template"),
  saveChecklistTemplate: (items: ChecklistTemplateItem[]) =>
    call("save_checklist_template", { items }),
  pipelineSettings: () => call("pipeline_settings"),
  savePipelineSettings: (settings: PipelineSettings) =>
    call("save_pipeline_settings", { settings }),
  contracts: () => call("contracts"),
  contractVersion: (contract: number, version: number | null) =>
    call("contract_version", { contract, version }),
  contractVersions: (contract: number) => call("contract_versions", { contract }),
  defaultTerms: (prospect: number) => call("default_terms", { prospect }),
  clauseLibrary: () => call("clause_library"),
  saveClauseWording: (clause: string, text: string) => call("save_clause_wording", { clause, text }),
  createContract: (prospect: number, terms: Terms) => call("create_contract", { prospect, terms }),
  saveContract: (contract: number, terms: Terms, clauses: ClauseSelection) =>
    call("save_contract", { contract, terms, clauses }),
  setContractStatus: (contract: number, version: number, change: StatusChange) =>
    call("set_contract_status", { contract, version, change }),
  compareVersions: (contract: number, before: number, after: number) =>
    call("compare_versions", { contract, before, after }),
  attachSignedCopy: (contract: number, version: number, path: string) =>
    call("attach_signed_copy", { contract, version, path }),
  saveAgreement: (contract: number, version: number, path: string) =>
    call("save_agreement", { contract, version, path }),
  printDraft: (contract: number, version: number) => call("print_draft", { contract, version }),
  opportunities: (partner: number | null) => call("opportunities", { partner }),
  saveOpportunity: (opportunity: OpportunityInput) => call("save_opportunity", { opportunity }),
  leads: (partner: number | null) => call("leads", { partner }),
  registerLead: (lead: LeadInput) => call("register_lead", { lead }),
  decideConflict: (id: number, decision: string) => call("decide_conflict", { id, decision }),
  statement: (prospect: number, from: string, to: string) => call("statement", { prospect, from, to }),
  saveStatement: (prospect: number, from: string, to: string, path: string) =>
    call("save_statement", { prospect, from, to, path }),
  teamStatus: () => call("team_status"),
  syncNow: () => call("sync_now"),
  createTeam: (relay: string, member: string) => call("create_team", { relay, member }),
  joinTeam: (invite: string, member: string) => call("join_team", { invite, member }),
  teamInvite: (name: string) => call("team_invite", { name }),
  teamInvites: () => call("team_invites"),
  revokeInvite: (id: string) => call("revoke_invite", { id }),
  saveInvite: (invite: string, path: string) => call("save_invite", { invite, path }),
  leaveTeam: () => call("leave_team"),
  needsReview: () => call("needs_review"),
  syncProblems: () => call("sync_problems"),
  resolveReview: (record: string, choices: ReviewChoice[]) => call("resolve_review", { record, choices }),
};

/** Every command rejects with an ApiError; anything else (a bug, a lost IPC) is wrapped as one. */
export function asApiError(e: unknown): ApiError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const err = e as Partial<ApiError>;
    return {
      code: String(err.code) as ErrorCode,
      message: String(err.message),
      fields: Array.isArray(err.fields) ? err.fields : [],
    };
  }
  return { code: "internal", message: e instanceof Error ? e.message : String(e), fields: [] };
}

/** Field messages keyed by field name, for showing next to each input. */
export function fieldMessages(err: ApiError | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of err?.fields ?? []) out[f.field] ??= phraseText(f.words, f.message);
  return out;
}

/** What to tell the user for an error code, in words that say what to do. The switch names
 * every `ErrorCode`: a code added in Rust fails `npm run check` here until it is explained. */
export function explain(err: ApiError): string {
  const code: ErrorCode = err.code;
  // What happened, in the window's language when the core said it as a phrase.
  const said = phraseText(err.words, err.message);
  // The same as a sentence, before the advice.
  const sentence = said === err.message ? `${err.message}.` : said;
  switch (code) {
    case "database_too_new":
      return `${sentence} ${t("error.too_new")}`;
    case "corrupt_database":
    case "not_a_database":
    case "foreign_database":
      return `${sentence} ${t("error.cannot_open")}`;
    case "busy":
      return t("error.busy");
    case "disk_full":
      return `${sentence} ${t("error.disk_full")}`;
    case "no_book":
    case "gate_open":
      return said;
    case "invalid_input":
    case "not_found":
    case "conflict":
    case "blocked":
    case "io":
    case "database":
    case "data":
    case "internal":
      return err.message;
    default: {
      // Unreachable for the codes this build knows; a newer core may send one it does not.
      const unknown: never = code;
      void unknown;
      return err.message;
    }
  }
}
