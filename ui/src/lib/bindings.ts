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

export type ProspectSummary = { id: number, name: string, domain: string, city: string, country: string, industry: string, employees: number | null, stage: Stage, stage_since: string, next_step: string, regions: Array<string>, verticals: Array<string>, };

export type ProspectQuery = { stage: Stage | null, offset: number, limit: number, };

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
