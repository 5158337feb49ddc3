// Dates as the user types and reads them: the locale's numeric order and separators
// ("23.11.2026", "11/23/2026", "23/11/2026"), with ISO (2026-11-23) accepted everywhere.
// The book stores ISO `YYYY-MM-DD`; these functions only translate at the edge of an input.

import { currentLocale, t } from "./i18n.svelte";

type Part = "day" | "month" | "year";

/** The locale's order of day, month and year and the separator between them. */
export function dateOrder(locale = currentLocale()): { order: Part[]; separator: string } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" }).formatToParts(
      new Date(Date.UTC(2026, 10, 23)),
    );
  } catch {
    return { order: ["year", "month", "day"], separator: "-" };
  }
  const order = parts.filter((p) => p.type === "day" || p.type === "month" || p.type === "year").map((p) => p.type as Part);
  const separator = parts.find((p) => p.type === "literal")?.value.trim() || "/";
  return order.length === 3 ? { order, separator } : { order: ["year", "month", "day"], separator: "-" };
}

/** An ISO day in the locale's numeric form: "2026-11-23" → "23.11.2026"; anything else as it is. */
export function showDate(iso: string | null | undefined, locale = currentLocale()): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const { order, separator } = dateOrder(locale);
  const value: Record<Part, string> = { year: m[1], month: m[2], day: m[3] };
  return order.map((p) => value[p]).join(separator);
}

/** The locale's pattern in the user's words, for an empty field: "TT.MM.JJJJ", "MM/DD/YYYY". */
export function datePattern(locale = currentLocale()): string {
  const { order, separator } = dateOrder(locale);
  const letters: Record<Part, string> = {
    day: t("date.letters.day"),
    month: t("date.letters.month"),
    year: t("date.letters.year"),
  };
  return order.map((p) => letters[p]).join(separator);
}

function valid(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1000 || y > 9999) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/**
 * What the user typed → an ISO day; "" for an empty field; null when it is not a date.
 * Accepts ISO, and the locale's order with any of . / - or space between the numbers; a
 * two-digit year is in this century ("23.11.26" → 2026-11-23).
 */
export function parseDate(input: string, locale = currentLocale()): string | null {
  const s = input.trim();
  if (s === "") return "";
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (iso) {
    const [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    return valid(y, m, d) ? `${y}-${pad(m)}-${pad(d)}` : null;
  }
  const nums = s.split(/[.\/\-\s]+/).filter(Boolean);
  if (nums.length !== 3 || nums.some((n) => !/^\d{1,4}$/.test(n))) return null;
  const { order } = dateOrder(locale);
  const at: Record<Part, string> = { day: "", month: "", year: "" };
  order.forEach((p, i) => (at[p] = nums[i]));
  if (at.year.length !== 2 && at.year.length !== 4) return null;
  const y = at.year.length === 2 ? 2000 + Number(at.year) : Number(at.year);
  const [m, d] = [Number(at.month), Number(at.day)];
  return valid(y, m, d) ? `${y}-${pad(m)}-${pad(d)}` : null;
}
