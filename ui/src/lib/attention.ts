import type { AttentionItem } from "./bindings";

/** "today", "in 3 days", "5 days ago"; for stuck prospects, how long they have been in the stage. */
export function relativeDays(item: Pick<AttentionItem, "days" | "kind">): string {
  const d = item.days;
  if (item.kind === "stuck") return `${-d} days in stage`;
  if (d === 0) return "today";
  if (d === 1) return "tomorrow";
  if (d === -1) return "yesterday";
  return d > 0 ? `in ${d} days` : `${-d} days ago`;
}
