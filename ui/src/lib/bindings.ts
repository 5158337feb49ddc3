// Generated from the Rust types by src-tauri/core/src/bindings.rs. Do not edit: run `make bindings`.

export type Stage = "long_list" | "short_list" | "vetting" | "negotiating" | "active" | "paused" | "ended";

export type FieldError = { field: string, message: string, 
/**
 * `message` as a phrase (`invalid.*`) for the window's language; empty when the core has
 * no words for it yet (the window then shows `message`).
 */
words: Phrase, };

export type ErrorCode = "not_a_database" | "no_book" | "foreign_database" | "corrupt_database" | "database_too_new" | "invalid_input" | "not_found" | "conflict" | "gate_open" | "blocked" | "io" | "disk_full" | "busy" | "database" | "data" | "internal";

export type ApiError = { code: ErrorCode, message: string, fields: Array<FieldError>, 
/**
 * `message` as a phrase (`api_error.*`) for the window's language, when the error is one
 * the core can say from its parts (a book that cannot be opened, a full disk, a busy book).
 */
words?: Phrase, };

export type Profile = { name: string, legal_name: string, website: string, address: string, country: string, employees: number | null, 
/**
 * Customer size range we serve, in employees.
 */
customer_size_min: number | null, customer_size_max: number | null, 
/**
 * ISO 4217 code used by default for money.
 */
currency: string, description: string, offerings: Array<string>, services: Array<string>, certifications: Array<string>, regions: Array<string>, verticals: Array<string>, gaps: Array<string>, 
/**
 * RFC 3339; `None` until the profile is first saved.
 */
updated_at: string | null, };

export type ProspectSummary = { id: number, name: string, domain: string, city: string, country: string, industry: string, employees: number | null, stage: Stage, stage_since: string, next_step: string, regions: Array<string>, verticals: Array<string>, 
/**
 * Fit against our profile, 0–100 (None until scored).
 */
fit_score: number | null, };

export type ProspectQuery = { stage: Stage | null, region: string | null, vertical: string | null, tag: string | null, 
/**
 * Matches a certification's name or vendor.
 */
certification: string | null, min_score: number | null, max_score: number | null, sort: ProspectSort, offset: number, limit: number, };

export type ProspectPage = { 
/**
 * How many prospects match the query in all.
 */
total: number, offset: number, items: Array<ProspectSummary>, };

export type StageCount = { stage: Stage, count: number, };

export type BookOverview = { 
/**
 * The database file in use.
 */
db_path: string, schema_version: number, app_version: string, 
/**
 * True on first run: no prospects, no profile, and the user has not chosen "Start empty".
 */
first_run: boolean, prospects: number, contracts: number, opportunities: number, stages: Array<StageCount>, user_name: string, };

export type DemoSummary = { prospects: number, contacts: number, activities: number, contracts: number, contract_versions: number, opportunities: number, lead_registrations: number, };

export type CheckReport = { path: string, schema_version: number, supported_version: number, 
/**
 * `["ok"]` when sound, otherwise the problems found (integrity_check's findings, a
 * truncated file, or a schema newer than this Allybook).
 */
integrity: Array<string>, sound: boolean, prospects: number, };

export type ProspectSort = "name" | "score";

export type ProspectInput = { id: number | null, name: string, website: string, city: string, country: string, industry: string, employees: number | null, description: string, next_step: string, regions: Array<string>, verticals: Array<string>, offerings: Array<string>, services: Array<string>, tags: Array<string>, };

export type StageMove = { from_stage: Stage | null, to_stage: Stage, moved_at: string, moved_by: string, note: string, 
/**
 * Checklist items left open when this move was confirmed.
 */
skipped: Array<string>, };

export type ProspectDetail = { prospect: ProspectInput, domain: string, stage: Stage, stage_since: string, source: string, archived: boolean, fit: FitExplanation, contacts: number, activities: number, history: Array<StageMove>, };

export type FitWeights = { complementarity: number, overlap: number, region: number, vertical: number, size: number, certifications: number, culture: number, capacity: number, };

export type FitContribution = { 
/**
 * Stable key: complementarity, overlap, region, vertical, size, certifications, culture, capacity.
 */
criterion: string, label: string, weight: number, 
/**
 * Points added to (or, for overlap, taken from) the 0–100 score, to one decimal.
 */
points: number, 
/**
 * Why, in words: what matched, what is missing.
 */
detail: string, 
/**
 * `detail` as a phrase (`fit.*`) for the window's and the dossier's language; empty when
 * only the score was asked for.
 */
detail_words: Phrase, };

export type FitExplanation = { score: number, contributions: Array<FitContribution>, };

export type SearchHit = { 
/**
 * 'prospect', 'contact' or 'activity'
 */
kind: string, ref_id: number, prospect_id: number, prospect_name: string, 
/**
 * The matched record's title with matches between U+0002 and U+0003.
 */
title: string, 
/**
 * A few words around the match in the body, marked the same way.
 */
snippet: string, };

export type SearchStatus = { 
/**
 * Prospects not yet in the search index (an import indexes its rows after they commit);
 * a search finds them meanwhile, more slowly.
 */
pending: number, };

export type Field = "name" | "website" | "domain" | "city" | "country" | "region" | "industry" | "employees" | "revenue" | "description" | "tags" | "vertical" | "offering" | "service" | "stage";

export type ImportError = { line: number, column: string, message: string, 
/**
 * The value as it is in the file.
 */
value: string, 
/**
 * The row's company name (empty when that is what is missing).
 */
company: string, 
/**
 * `message` as a phrase (`import_error.*`, with the `value`) for the window's language.
 */
words: Phrase, };

export type ImportReport = { imported: number, merged: number, skipped: number, 
/**
 * Rows imported with their bad values left empty (`blank_invalid`); each is in `errors`.
 */
blanked: number, errors: Array<ImportError>, 
/**
 * True when nothing was written: a dry run, or errors without `skip_invalid`/`blank_invalid`.
 */
nothing_written: boolean, 
/**
 * Prospects not yet in the search index when the import returned (a large import indexes
 * them after it commits: `search::catch_up_step`); a search finds them meanwhile.
 */
search_pending: number, 
/**
 * Why indexing the new prospects for search stopped, when it did: the rows are saved,
 * search still finds them (more slowly), and the indexing resumes later.
 */
index_error: string | null, };

export type ImportOptions = { 
/**
 * Explicit column mappings, `(header, field)`; every other column is guessed from its header.
 */
maps: Array<[string, string]>, dry_run: boolean, 
/**
 * Skip (and report) the rows with errors.
 */
skip_invalid: boolean, 
/**
 * Import the rows with errors, their bad values left empty (each reported).
 */
blank_invalid: boolean, 
/**
 * A workbook's sheet by name; by default the first with data.
 */
sheet: string | null, 
/**
 * What the stage column's values mean, `(value, stage)`, "ignore" to leave the stage as
 * long-list: for a column whose values are not Allybook's stages ("Customer" → "active").
 */
stage_values: Array<[string, string]>, };

export type ImportPreview = { encoding: string, delimiter: string, 
/**
 * A workbook's sheets (empty for CSV) and the one shown.
 */
sheets: Array<string>, sheet: string | null, 
/**
 * The line (or row) the header was found on: a title row above it is skipped.
 */
header_line: number, headers: Array<string>, 
/**
 * The field each column maps to (guessed or explicit); None = ignored.
 */
mapping: Array<Field | null>, 
/**
 * Why a column was guessed as it was, when worth saying ("the CRM's own status").
 */
notes: Array<string | null>, 
/**
 * The first rows, as in the file.
 */
rows: Array<Array<string>>, total_rows: number, 
/**
 * The stage column's values (when a column maps to the stage).
 */
stage_values: Array<StageValue>, };

export type StageValue = { value: string, rows: number, 
/**
 * The stage it is (or is mapped to); None = it needs a choice.
 */
stage: Stage | null, };

export type Facets = { 
/**
 * The places in the book, grouped (blocs, countries, subdivisions, then texts that name no
 * place Allybook knows), each once: what the Region filter offers.
 */
region_options: Array<RegionOption>, regions: Array<string>, verticals: Array<string>, tags: Array<string>, certifications: Array<string>, };

export type RegionOption = { 
/**
 * What is stored: the bloc id, alpha-2 code or ISO 3166-2 code.
 */
code: string, 
/**
 * The English name.
 */
name: string, 
/**
 * "bloc", "country", "subdivision", or "other" (a text that names no place known here).
 */
kind: string, 
/**
 * For a subdivision, its country's alpha-2 code.
 */
country: string | null, };

export type ChecklistItem = { 
/**
 * The template item's id (stable across prospects).
 */
id: number, stage: Stage, label: string, 
/**
 * Day it was ticked, `None` while open.
 */
done_on: string | null, done_by: string, note: string, };

export type ChecklistTemplateItem = { 
/**
 * `None` for an item added in Settings and not saved yet.
 */
id: number | null, stage: Stage, label: string, };

export type MoveRequest = { prospect_id: number, to: Stage, note: string, 
/**
 * Required when pausing or ending.
 */
reason: string, confirm_skip: boolean, };

export type MoveOutcome = { prospect_id: number, name: string, from: Stage, to: Stage, 
/**
 * Labels of checklist items left open by this move.
 */
skipped: Array<string>, };

export type Decision = "go" | "no_go" | "more_diligence";

export type Recommendation = "pass" | "more_diligence" | "pilot";

export type Thresholds = { pass_below: number, pilot_above: number, };

export type ScoreLine = { criterion: string, weight: number, must_have: boolean, 
/**
 * 1–5, `None` until scored.
 */
score: number | null, evidence: string, };

export type Scorecard = { 
/**
 * `None` until first saved.
 */
id: number | null, prospect_id: number, 
/**
 * 1 for the first vetting round, 2 after a decided round is reopened, ...
 */
round: number, lines: Array<ScoreLine>, 
/**
 * 0–100 over the scored criteria, weighted; `None` when nothing is scored.
 */
total: number | null, 
/**
 * Every criterion has a score.
 */
complete: boolean, recommendation: Recommendation | null, thresholds: Thresholds, 
/**
 * Must-have criteria scored 1: they block "go" unless overridden with a reason.
 */
blocking: Array<string>, decision: Decision | null, decided_on: string | null, decided_by: string, rationale: string, override_reason: string, };

export type PipelineSettings = { thresholds: Thresholds, 
/**
 * A prospect counts as stuck after this many days in Short-list, Vetting or Negotiating.
 */
stuck_days: number, };

export type DecisionInput = { prospect_id: number, decision: Decision, rationale: string, 
/**
 * Needed for "go" while a must-have is scored 1.
 */
override_reason: string, };

export type ActivityKind = "note" | "call" | "meeting" | "email";

export type Activity = { id: number, kind: ActivityKind, 
/**
 * RFC 3339 or a plain day.
 */
occurred_at: string, subject: string, body: string, contact_id: number | null, contact: string, follow_up_on: string | null, follow_up_done_at: string | null, created_by: string, };

export type ActivityInput = { prospect_id: number, kind: ActivityKind | null, 
/**
 * A day (YYYY-MM-DD); empty means today.
 */
occurred_on: string, subject: string, body: string, contact_id: number | null, 
/**
 * A day (YYYY-MM-DD) or empty for none.
 */
follow_up_on: string, };

export type ContactRef = { id: number, name: string, title: string, };

export type PipelineView = { prospect_id: number, name: string, stage: Stage, stage_since: string, stage_reason: string, 
/**
 * The next main-line stage, if any.
 */
next_stage: Stage | null, 
/**
 * What to do next, always filled.
 */
guidance: string, 
/**
 * `guidance` as a phrase, for the window's and the dossier's language.
 */
guidance_words: Phrase, 
/**
 * The user's own next step, as typed on the prospect.
 */
next_step: string, checklist: Array<ChecklistItem>, history: Array<StageMove>, scorecard: Scorecard, activities: Array<Activity>, contacts: Array<ContactRef>, };

export type BoardCard = { id: number, name: string, fit_score: number | null, next_step: string, stage_since: string, decision: Decision | null, 
/**
 * Open checklist items of the card's stage.
 */
open_items: number, };

export type FunnelStage = { stage: Stage, now: number, reached: number, 
/**
 * Basis points (4000 = 40 %); None for the first stage, or when none reached the one before.
 */
conversion_bp: number | null, };

export type BoardColumn = { stage: Stage, 
/**
 * All the prospects in this stage; `cards` holds the best-fitting `per_column` of them.
 */
total: number, cards: Array<BoardCard>, };

export type AttentionKind = "follow_up_overdue" | "follow_up_due" | "stuck" | "certification_expiring" | "contract_renewal" | "contract_notice" | "lead_expiring" | "lead_conflict";

export type AttentionPlace = "activities" | "pipeline" | "profile" | "contract" | "lead";

export type DocLanguage = "en" | "de";

export type Phrase = { key: string, args: { [key in string]: string }, };

export type Words = { title: string, detail: string, args: { [key in string]: string }, };

export type AttentionItem = { kind: AttentionKind, 
/**
 * The date that matters (due, expiry, renewal, notice deadline; for stuck, the day it
 * entered the stage).
 */
date: string, 
/**
 * Days from today to `date`: negative when past.
 */
days: number, title: string, detail: string, prospect_id: number, prospect: string, place: AttentionPlace, 
/**
 * The id of the thing itself (activity, certification, contract, lead registration).
 */
ref_id: number, 
/**
 * `title` and `detail` as message keys and their arguments, for a window that speaks
 * another language than the CLI's English.
 */
words: Words, };

export type CalendarReport = { path: string, events: number, };

export type Party = { 
/**
 * Legal name.
 */
name: string, address: string, signatory: string, title: string, 
/**
 * Where notices go.
 */
email: string, };

export type Parties = { us: Party, partner: Party, };

export type RelationshipModel = "referral" | "resell" | "subcontract" | "co_sell";

export type ConflictRule = "first_to_register" | "existing_relationship" | "joint_decision";

export type Owner = "us" | "partner" | "registering_party" | "shared";

export type ShareBasis = "net_revenue" | "gross_margin" | "first_year_revenue" | "recurring_revenue";

export type Schedule = "monthly" | "quarterly" | "annually" | "on_customer_payment";

export type LeadRegistrationTerms = { 
/**
 * What makes a lead registrable.
 */
qualifies: string, protection_days: number | null, 
/**
 * Most open registrations a party may hold at once.
 */
cap: number | null, conflict_rule: ConflictRule, };

export type CustomerOwnership = { relationship: Owner, contract: Owner, billing: Owner, };

export type RevenueShare = { basis: ShareBasis, 
/**
 * Basis points: 1,000 = 10 %.
 */
share_bp: number | null, 
/**
 * Minor units of `currency`.
 */
floor_minor: number | null, ceiling_minor: number | null, schedule: Schedule, payment_terms_days: number | null, currency: string, };

export type NonSolicitation = { customers_months: number | null, staff_months: number | null, };

export type Confidentiality = { nda_reference: string, years: number | null, dpa_reference: string, };

export type EscalationLevel = { level: string, our_contact: string, partner_contact: string, response_hours: number | null, };

export type Sla = { name: string, target: string, };

export type Support = { first_line: Owner, second_line: Owner, escalation: Array<EscalationLevel>, slas: Array<Sla>, };

export type Term = { 
/**
 * YYYY-MM-DD.
 */
effective_on: string | null, months: number | null, auto_renew: boolean, non_renewal_notice_days: number | null, termination_notice_days: number | null, 
/**
 * What survives termination (fee tails, customer hand-over, confidentiality).
 */
survives: Array<string>, };

export type Terms = { parties: Parties, relationship_model: RelationshipModel, exclusivity: boolean, territory: string, verticals: Array<string>, lead_registration: LeadRegistrationTerms, customer_ownership: CustomerOwnership, revenue_share: RevenueShare, non_solicitation: NonSolicitation, confidentiality: Confidentiality, support: Support, term: Term, governing_law: string, courts: string, };

export type ClauseChoice = { id: string, off: boolean, 
/**
 * The key of an alternative text in the template.
 */
alternative: string | null, };

export type CustomClause = { title: string, text: string, 
/**
 * Placed after this template clause; at the end when empty.
 */
after: string, };

export type ClauseSelection = { choices: Array<ClauseChoice>, custom: Array<CustomClause>, };

export type ClauseInfo = { id: string, title: string, 
/**
 * The text new versions use: the book's own wording, or the standard's.
 */
text: string, 
/**
 * The standard template's text of the clause.
 */
standard_text: string, 
/**
 * Whether the book words it differently from the standard.
 */
own: boolean, 
/**
 * Keys of the alternative texts.
 */
alternatives: Array<string>, 
/**
 * The template new versions are written with ("standard-2", "own-3").
 */
template: string, };

export type VersionStatus = "draft" | "sent" | "signed" | "active" | "expired" | "terminated";

export type ContractSummary = { id: number, prospect_id: number, partner: string, title: string, versions: number, 
/**
 * The latest version's status.
 */
status: VersionStatus, latest_version: number, };

export type Signatory = { name: string, 
/**
 * Their role or title ("Managing Director").
 */
role: string, };

export type StatusChange = { status: VersionStatus, 
/**
 * YYYY-MM-DD; today when empty.
 */
on: string | null, reason: string, our_signatory: Signatory, partner_signatory: Signatory, };

export type ContractEvent = { status: VersionStatus, happened_on: string, reason: string, our_signatory: Signatory | null, partner_signatory: Signatory | null, recorded_at: string, recorded_by: string, };

export type ContractVersion = { contract_id: number, 
/**
 * The partner's prospect id.
 */
prospect_id: number, title: string, partner: string, version: number, status: VersionStatus, template_version: string, terms: Terms, clauses: ClauseSelection, signed_on: string | null, attachment_name: string | null, attachment_sha256: string | null, created_at: string, created_by: string, 
/**
 * The day it takes effect: the terms' date, or the signing date when they give none.
 */
effective_on: string | null, 
/**
 * Its recorded status changes, oldest first.
 */
events: Array<ContractEvent>, };

export type VersionInfo = { version: number, status: VersionStatus, created_at: string, created_by: string, signed_on: string | null, };

export type TermChange = { 
/**
 * Dotted path, e.g. `revenue_share.share_bp`.
 */
field: string, before: string, after: string, };

export type Change = "same" | "removed" | "added";

export type WordChange = { change: Change, text: string, };

export type ClauseChange = { title: string, 
/**
 * Empty when the clause is new in `after`.
 */
before: string, 
/**
 * Empty when the clause is gone in `after`.
 */
after: string, 
/**
 * `before` → `after` word by word: runs of unchanged, removed and added text.
 */
words: Array<WordChange>, };

export type Comparison = { contract_id: number, before: number, after: number, terms: Array<TermChange>, clauses: Array<ClauseChange>, };

export type Printed = { path: string, opened: boolean, 
/**
 * Why the viewer did not open, when it did not.
 */
message: string, };

export type OpportunityStage = "identified" | "qualified" | "proposal" | "won" | "lost";

export type Side = "us" | "partner";

export type Opportunity = { id: number, prospect_id: number, partner: string, customer: string, customer_domain: string, description: string, value_minor: number, currency: string, stage: OpportunityStage, lost_reason: string, expected_close_on: string | null, closed_on: string | null, led_by: Side, 
/**
 * The share in force for this deal: on its close date when won, else today.
 */
share_bp: number | null, next_step: string, next_step_on: string | null, };

export type OpportunityInput = { id: number | null, prospect_id: number, customer: string, 
/**
 * The customer's website or domain, for matching lead registrations.
 */
customer_domain: string, description: string, value_minor: number, currency: string, stage: OpportunityStage | null, lost_reason: string, 
/**
 * YYYY-MM-DD or empty.
 */
expected_close_on: string, 
/**
 * YYYY-MM-DD; empty means today when the deal is won.
 */
closed_on: string, led_by: Side | null, next_step: string, next_step_on: string, };

export type StageTotal = { stage: OpportunityStage, currency: string, value_minor: number, count: number, 
/**
 * The value weighted by the stage's chance of being won (`rules::fees::win_probability_bp`):
 * what the stage is likely to bring.
 */
weighted_minor: number, };

export type OpportunityList = { items: Array<Opportunity>, 
/**
 * Per stage and currency; amounts in different currencies are never added up.
 */
totals: Array<StageTotal>, };

export type LeadStatus = "active" | "converted" | "expired" | "withdrawn";

export type LeadRegistration = { id: number, prospect_id: number, partner: string, customer: string, customer_domain: string, registered_by: Side, registered_on: string, expires_on: string, 
/**
 * As of today: an active registration past its window reads expired.
 */
status: LeadStatus, days_left: number, conflict_with: number | null, 
/**
 * The partner of the registration this one conflicts with.
 */
conflict_partner: string, 
/**
 * The agreed rule for conflicts, in words.
 */
conflict_rule: string, conflict_decision: string, conflict_decided_at: string | null, };

export type LeadInput = { prospect_id: number, customer: string, customer_domain: string, registered_by: Side | null, 
/**
 * YYYY-MM-DD; empty means today.
 */
registered_on: string, notes: string, };

export type InForce = { share_bp: number | null, protection_days: number | null, contract_id: number, version: number, conflict_rule: string, };

export type StatementLine = { opportunity_id: number, customer: string, closed_on: string, value_minor: number, currency: string, share_bp: number, 
/**
 * The contract version whose terms applied.
 */
contract_id: number, version: number, fee_minor: number, 
/**
 * Who owes the fee: the party that led the deal and billed the customer.
 */
payer: Side, };

export type StatementTotal = { currency: string, 
/**
 * What we owe the partner.
 */
we_owe_minor: number, 
/**
 * What the partner owes us.
 */
partner_owes_minor: number, };

export type QuarterFees = { 
/**
 * "2026-Q4".
 */
quarter: string, from: string, to: string, prospect_id: number, partner: string, currency: string, earned_minor: number, owed_minor: number, 
/**
 * `earned_minor - owed_minor`: positive when the partner owes us on balance.
 */
net_minor: number, };

export type Statement = { prospect_id: number, partner: string, us: string, from: string, to: string, lines: Array<StatementLine>, totals: Array<StatementTotal>, 
/**
 * Won deals in the period with no share in force on their close date.
 */
without_terms: Array<string>, rounding: string, };

export type RestoreDone = { 
/**
 * Where the book that was replaced is kept.
 */
previous: string | null, };

export type DesktopSettings = { 
/**
 * One desktop notification a day for what is due today.
 */
reminders: boolean, 
/**
 * Automatic daily backups to keep (the oldest beyond this are removed).
 */
backup_keep: number, 
/**
 * Where the automatic backups go; empty = the folder beside the book ([`backup_folder`]).
 */
backup_folder: string, 
/**
 * The folder in use (the chosen one, or the one beside the book), for display.
 */
backup_folder_in_use: string, 
/**
 * The newest automatic backup's file, if any.
 */
last_backup: string | null, };

export type Reminder = { count: number, title: string, body: string, };

export type TeamInfo = { relay: string, 
/**
 * This laptop's user, as the team sees them.
 */
member: string, 
/**
 * `owner` (made the team book) or `member` (joined it).
 */
role: string, joined_at: string, };

export type TeamInvite = { 
/**
 * Names the invite to revoke it (the start of its key's hash).
 */
id: string, 
/**
 * Whom it was made for.
 */
name: string, 
/**
 * When it was made (ISO date-time, UTC).
 */
issued_at: string, 
/**
 * When it was revoked; a revoked invite lets no one in.
 */
revoked_at: string | null, 
/**
 * When a laptop last connected with it (to the nearest few minutes).
 */
last_seen: string | null, };

export type TeamStatus = { 
/**
 * None: a single-user book.
 */
team: TeamInfo | null, 
/**
 * Local changes the relay does not have yet.
 */
waiting: number, 
/**
 * Fields in conflict.
 */
conflicts: number, 
/**
 * Records that need review (fields one change set together count once).
 */
reviews: number, 
/**
 * Records from the team this book could not take.
 */
problems: number, 
/**
 * A round is running now.
 */
syncing: boolean, 
/**
 * When a round last reached the relay (ISO date-time, UTC), in this window's life.
 */
last_synced: string | null, 
/**
 * When rounds started failing to reach the relay (ISO date-time, UTC).
 */
offline_since: string | null, 
/**
 * Why the last round failed.
 */
error: string | null, };

export type ReviewValue = { 
/**
 * The column (`_deleted`: archived or deleted on one laptop, edited on another; `*`: a
 * whole value-keyed row).
 */
field: string, 
/**
 * The value as a person reads it: a referenced record's name instead of its id, a row's
 * fields instead of its JSON; empty for no value.
 */
shown: string, 
/**
 * The value exactly (JSON text): what keeping it sends back.
 */
value: string, };

export type ReviewVersion = { 
/**
 * The member's name.
 */
by: string, 
/**
 * ISO date-time, UTC.
 */
at: string, values: Array<ReviewValue>, };

export type ReviewItem = { 
/**
 * `table/global id`, as `allybook conflicts` names it.
 */
record: string, 
/**
 * The record's table (`prospect`, `opportunity`, …).
 */
kind: string, label: string, fields: Array<string>, versions: Array<ReviewVersion>, };

export type ReviewChoice = { field: string, value: string, };

export type Problem = { record: string, reason: string, };

export type Commands = {
  overview: [Record<string, never>, BookOverview];
  get_profile: [Record<string, never>, Profile];
  save_profile: [{ profile: Profile }, Profile];
  list_prospects: [{ query: ProspectQuery }, ProspectPage];
  load_demo: [Record<string, never>, DemoSummary];
  start_empty: [Record<string, never>, null];
  set_user_name: [{ name: string }, null];
  document_language: [Record<string, never>, DocLanguage];
  set_document_language: [{ language: DocLanguage }, DocLanguage];
  prospect_detail: [{ id: number }, ProspectDetail];
  save_prospect: [{ prospect: ProspectInput }, number];
  set_archived: [{ id: number, archived: boolean }, null];
  merge_prospects: [{ keep: number, other: number }, null];
  explain_fit: [{ id: number }, FitExplanation];
  get_weights: [Record<string, never>, FitWeights];
  set_weights: [{ weights: FitWeights }, FitWeights];
  search: [{ query: string }, Array<SearchHit>];
  search_status: [Record<string, never>, SearchStatus];
  search_catch_up: [Record<string, never>, SearchStatus];
  import_preview: [{ path: string, options: ImportOptions }, ImportPreview];
  import_prospects: [{ path: string, options: ImportOptions }, ImportReport];
  export_prospects: [{ path: string }, number];
  facets: [Record<string, never>, Facets];
  describe_regions: [{ texts: Array<string> }, Array<RegionOption | null>];
  pipeline_view: [{ id: number }, PipelineView];
  board: [Record<string, never>, Array<BoardColumn>];
  funnel: [Record<string, never>, Array<FunnelStage>];
  move_prospect: [{ request: MoveRequest }, MoveOutcome];
  set_checklist_item: [{ prospect: number, item: number, done: boolean }, Array<ChecklistItem>];
  save_scores: [{ prospect: number, lines: Array<ScoreLine> }, Scorecard];
  decide: [{ input: DecisionInput }, Scorecard];
  add_activity: [{ activity: ActivityInput }, Activity];
  set_follow_up_done: [{ id: number, done: boolean }, Activity];
  attention: [Record<string, never>, Array<AttentionItem>];
  attention_done: [{ kind: AttentionKind, ref_id: number, date: string }, Array<AttentionItem>];
  attention_snooze: [{ kind: AttentionKind, ref_id: number, date: string, until: string }, Array<AttentionItem>];
  export_calendar: [{ path: string }, CalendarReport];
  save_dossier: [{ id: number, path: string }, number];
  checklist_template: [Record<string, never>, Array<ChecklistTemplateItem>];
  save_checklist_template: [{ items: Array<ChecklistTemplateItem> }, Array<ChecklistTemplateItem>];
  pipeline_settings: [Record<string, never>, PipelineSettings];
  save_pipeline_settings: [{ settings: PipelineSettings }, PipelineSettings];
  contracts: [Record<string, never>, Array<ContractSummary>];
  contract_version: [{ contract: number, version: number | null }, ContractVersion];
  contract_versions: [{ contract: number }, Array<VersionInfo>];
  default_terms: [{ prospect: number }, Terms];
  clause_library: [Record<string, never>, Array<ClauseInfo>];
  save_clause_wording: [{ clause: string, text: string }, Array<ClauseInfo>];
  create_contract: [{ prospect: number, terms: Terms }, number];
  save_contract: [{ contract: number, terms: Terms, clauses: ClauseSelection }, ContractVersion];
  set_contract_status: [{ contract: number, version: number, change: StatusChange }, ContractVersion];
  compare_versions: [{ contract: number, before: number, after: number }, Comparison];
  attach_signed_copy: [{ contract: number, version: number, path: string }, ContractVersion];
  save_agreement: [{ contract: number, version: number, path: string }, number];
  print_draft: [{ contract: number, version: number }, Printed];
  opportunities: [{ partner: number | null }, OpportunityList];
  save_opportunity: [{ opportunity: OpportunityInput }, Opportunity];
  leads: [{ partner: number | null }, Array<LeadRegistration>];
  register_lead: [{ lead: LeadInput }, LeadRegistration];
  decide_conflict: [{ id: number, decision: string }, LeadRegistration];
  fees_by_quarter: [Record<string, never>, Array<QuarterFees>];
  statement: [{ prospect: number, from: string, to: string }, Statement];
  save_statement: [{ prospect: number, from: string, to: string, path: string }, number];
  backup_book: [{ path: string }, null];
  restore_book: [{ path: string }, RestoreDone];
  open_book: [{ path: string, create: boolean }, string];
  system_locale: [Record<string, never>, string | null];
  desktop_settings: [Record<string, never>, DesktopSettings];
  save_desktop_settings: [{ settings: DesktopSettings }, DesktopSettings];
  due_reminder: [Record<string, never>, Reminder | null];
  book_version: [Record<string, never>, number];
  team_status: [Record<string, never>, TeamStatus];
  sync_now: [Record<string, never>, TeamStatus];
  create_team: [{ relay: string, member: string }, string];
  join_team: [{ invite: string, member: string }, TeamStatus];
  team_invite: [{ name: string }, string];
  team_invites: [Record<string, never>, Array<TeamInvite>];
  revoke_invite: [{ id: string }, Array<TeamInvite>];
  save_invite: [{ invite: string, path: string }, null];
  leave_team: [Record<string, never>, TeamStatus];
  needs_review: [Record<string, never>, Array<ReviewItem>];
  sync_problems: [Record<string, never>, Array<Problem>];
  resolve_review: [{ record: string, choices: Array<ReviewChoice> }, Array<ReviewItem>];
};
