// Generated from the Rust types by src-tauri/bindings.rs. Do not edit: run `make bindings`.

export type Stage = "long_list" | "short_list" | "vetting" | "negotiating" | "active" | "paused" | "ended";

export type FieldError = { field: string, message: string, };

export type ApiError = { code: string, message: string, fields: Array<FieldError>, };

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

export type StageMove = { from_stage: Stage | null, to_stage: Stage, moved_at: string, moved_by: string, note: string, };

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
detail: string, };

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

export type Field = "name" | "website" | "domain" | "city" | "country" | "region" | "industry" | "employees" | "revenue" | "description" | "tags" | "vertical" | "offering" | "service" | "stage";

export type ImportError = { line: number, column: string, message: string, };

export type ImportReport = { imported: number, merged: number, skipped: number, errors: Array<ImportError>, 
/**
 * True when nothing was written: a dry run, or errors without `skip_invalid`.
 */
nothing_written: boolean, };

export type ImportOptions = { 
/**
 * Explicit column mappings, `(header, field)`; every other column is guessed from its header.
 */
maps: Array<[string, string]>, dry_run: boolean, skip_invalid: boolean, };

export type ImportPreview = { encoding: string, delimiter: string, headers: Array<string>, 
/**
 * The field each column maps to (guessed or explicit); None = ignored.
 */
mapping: Array<Field | null>, rows: Array<Array<string>>, total_rows: number, };

export type Facets = { regions: Array<string>, verticals: Array<string>, tags: Array<string>, certifications: Array<string>, };
