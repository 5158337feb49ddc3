import { formatCount } from "./format";
import { readNumber } from "./money";

/** A whole count typed the user's way ("1.200" in German, "1,200" in English, "1200"
 *  anywhere): the number, null for an empty field, NaN for anything else (a fraction too). */
export function readCount(text: string): number | null {
  if (text.trim() === "") return null;
  const n = readNumber(text);
  if (!n || (n.frac !== "" && !/^0*$/.test(n.frac))) return Number.NaN;
  const v = Number(n.whole);
  return Number.isSafeInteger(v) ? v : Number.NaN;
}

/** A count as the field shows it: grouped the user's way; empty for none. */
export function showCount(v: number | null | undefined): string {
  return v === null || v === undefined || Number.isNaN(v) ? "" : formatCount(v);
}

/** Whether any of these counts did not read (NaN); focuses the first such field so the user
 *  sees its message. */
export function unreadable(counts: (number | null | undefined)[]): boolean {
  if (!counts.some((v) => typeof v === "number" && Number.isNaN(v))) return false;
  document.querySelector<HTMLInputElement>("[data-parsed-input=count][aria-invalid=true]")?.focus();
  return true;
}
