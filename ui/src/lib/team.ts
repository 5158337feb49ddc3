// A team book in words: its sync state for the sidebar and Settings, and what "Needs review"
// shows for each field two people changed at once.
import type { ReviewItem, ReviewValue, ReviewVersion, Stage, TeamStatus } from "./bindings";
import { t, type MessageKey } from "./i18n.svelte";
import { userLocale } from "./format";
import { stageLabel } from "./stages";

/** An instant as the user's locale writes a date and time ("3 Dec 2026, 12:04"). */
export function formatInstant(iso: string, locale = userLocale()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(d);
}

export type SyncState = "single" | "syncing" | "offline" | "waiting" | "synced" | "not_yet";

/** The one state the sidebar shows, most pressing first. */
export function syncState(s: TeamStatus): SyncState {
  if (!s.team) return "single";
  if (s.syncing) return "syncing";
  if (s.offline_since) return "offline";
  if (s.waiting > 0) return "waiting";
  if (s.last_synced) return "synced";
  return "not_yet";
}

/** The state in a sentence: "Synced at …", "Offline since … — 3 changes wait", … */
export function syncLine(s: TeamStatus, locale = userLocale()): string {
  switch (syncState(s)) {
    case "single":
      return t("team.state.single");
    case "syncing":
      return t("team.state.syncing");
    case "offline":
      return t("team.state.offline", { since: formatInstant(s.offline_since ?? "", locale), count: s.waiting });
    case "waiting":
      return t("team.state.waiting", { count: s.waiting });
    case "synced":
      return t("team.state.synced", { at: formatInstant(s.last_synced ?? "", locale) });
    default:
      return t("team.state.not_yet");
  }
}

const KINDS = [
  "settings", "profile", "profile_item", "checklist_template", "scorecard_criterion", "clause_template",
  "prospect", "prospect_item", "certification", "contact", "activity", "stage_move", "checklist_item",
  "scorecard", "scorecard_score", "contract", "contract_version", "contract_event", "opportunity",
  "lead_registration",
];

/** What kind of record: "Partner", "Opportunity", … */
export function kindLabel(kind: string): string {
  return KINDS.includes(kind) ? t(`review.kind.${kind}` as MessageKey) : humanize(kind);
}

const FIELDS = [
  "name", "legal_name", "website", "domain", "city", "country", "address", "industry", "employees",
  "description", "stage", "stage_reason", "next_step", "archived_at", "customer", "value_minor",
  "currency", "expected_close_on", "notes", "title", "email", "phone", "role", "status", "subject",
  "due_on", "done", "expires_on",
];

/** A field's name in words; a column this list does not know, from its own name. */
export function fieldLabel(field: string): string {
  if (field === "_deleted") return t("review.field._deleted");
  if (field === "*") return t("review.field.row");
  return FIELDS.includes(field) ? t(`review.field.${field}` as MessageKey) : humanize(field);
}

function humanize(name: string): string {
  const words = name.replace(/_id$/, "").replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A value as the user reads it: a stage's name, "(empty)", "Deleted" / "Kept". */
export function valueText(item: ReviewItem, v: ReviewValue): string {
  if (v.field === "_deleted") return v.value === "true" ? t("review.value.deleted") : t("review.value.kept");
  if (v.field === "archived_at")
    return v.value === "null" ? t("review.value.in_use") : t("review.value.archived", { at: formatInstant(v.shown) });
  if (v.shown === "") return t("review.value.empty");
  if (item.kind === "prospect" && v.field === "stage") return stageLabel(v.shown as Stage);
  return v.shown;
}

/** "Anna Weber, 3 Dec 2026, 12:04" — who made a version and when. */
export function setBy(v: ReviewVersion, locale = userLocale()): string {
  const who = v.by || t("review.someone");
  return v.at ? t("review.set_by", { who, at: formatInstant(v.at, locale) }) : who;
}

/** A version's value of `field`; a version that did not set it keeps what the book has. */
export function valueOf(item: ReviewItem, version: ReviewVersion, field: string): string {
  const v = version.values.find((x) => x.field === field);
  return v ? valueText(item, v) : t("review.value.unchanged");
}
