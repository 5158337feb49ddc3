import type { AttentionItem, Stage } from "./bindings";
import { formatDate } from "./format";
import { hasMessage, t, type MessageValues } from "./i18n.svelte";
import { stageLabel } from "./stages";

/** An item's title and detail in the window's language, from the keys and values the core
 *  gives; the core's English when a key is unknown (a newer core). */
export function attentionText(item: Pick<AttentionItem, "title" | "detail" | "words">): { title: string; detail: string } {
  const a = item.words?.args ?? {};
  const values: MessageValues = { ...a };
  if (a.stage) values.stage = stageLabel(a.stage as Stage);
  for (const n of ["days", "limit"]) if (a[n] !== undefined) values[n] = Number(a[n]);
  if (a.expires_on) values.expires_on = formatDate(a.expires_on);
  const title = `attention.title.${item.words?.title}`;
  const detail = `attention.detail.${item.words?.detail}`;
  return {
    title: hasMessage(title) ? t(title, values) : item.title,
    detail: hasMessage(detail) ? t(detail, values) : item.detail,
  };
}

/** "today", "in 3 days", "5 days ago"; for stuck prospects, how long they have been in the stage. */
export function relativeDays(item: Pick<AttentionItem, "days" | "kind">): string {
  const d = item.days;
  if (item.kind === "stuck") return t("attention.in_stage", { days: -d });
  if (d === 0) return t("attention.today");
  if (d === 1) return t("attention.tomorrow");
  if (d === -1) return t("attention.yesterday");
  return d > 0 ? t("attention.in_days", { days: d }) : t("attention.days_ago", { days: -d });
}

/** The groups Home shows, in order: what is late first, then what is due today, this week, later. */
export type AttentionGroup = "overdue" | "today" | "week" | "later";

export const GROUP_LABEL: Record<AttentionGroup, () => string> = {
  overdue: () => t("attention.group.overdue"),
  today: () => t("attention.group.today"),
  week: () => t("attention.group.week"),
  later: () => t("attention.group.later"),
};

/** Kinds that are never folded away: missing them costs a contract term or a protected lead. */
const NEVER_FOLDED = new Set<AttentionItem["kind"]>(["contract_notice", "lead_expiring", "lead_conflict"]);

/** Which group an item belongs to: past (and stuck prospects) is overdue, 0 today, 1–7 days this week. */
export function groupOf(item: Pick<AttentionItem, "days" | "kind">): AttentionGroup {
  if (item.kind === "stuck" || item.days < 0) return "overdue";
  if (item.days === 0) return "today";
  if (item.days <= 7) return "week";
  return "later";
}

/**
 * The items by group, in the list's order, each group split into what is shown at once and what
 * a "Show more" folds: overdue, today and this week are shown whole; later shows `fold` items,
 * plus every notice date and lead registration, which are never folded.
 */
export function groupAttention(
  items: AttentionItem[],
  fold = 5,
): { group: AttentionGroup; shown: AttentionItem[]; folded: AttentionItem[] }[] {
  const out: { group: AttentionGroup; shown: AttentionItem[]; folded: AttentionItem[] }[] = [];
  for (const group of ["overdue", "today", "week", "later"] as AttentionGroup[]) {
    const all = items.filter((i) => groupOf(i) === group);
    if (all.length === 0) continue;
    if (group !== "later") {
      out.push({ group, shown: all, folded: [] });
      continue;
    }
    const shown: AttentionItem[] = [];
    const folded: AttentionItem[] = [];
    for (const i of all) (NEVER_FOLDED.has(i.kind) || shown.length < fold ? shown : folded).push(i);
    out.push({ group, shown, folded });
  }
  return out;
}

/** The days a "Snooze…" offers, from `today` (YYYY-MM-DD): tomorrow, in 3 days, in a week, in a month. */
export function snoozeChoices(today: string): { label: string; until: string }[] {
  const [y, m, d] = today.split("-").map(Number);
  const at = (days: number, months = 0) => {
    const t = new Date(Date.UTC(y, m - 1 + months, d + days));
    return t.toISOString().slice(0, 10);
  };
  return [
    { label: t("attention.snooze.tomorrow"), until: at(1) },
    { label: t("attention.snooze.days", { days: 3 }), until: at(3) },
    { label: t("attention.snooze.week"), until: at(7) },
    { label: t("attention.snooze.month"), until: at(0, 1) },
  ];
}
