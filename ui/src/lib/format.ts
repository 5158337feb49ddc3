// Dates and money in the user's locale. Money is integer minor units plus an ISO 4217 code.

import { currentLocale, systemLocale, validLocale } from "./i18n.svelte";

export { validLocale };

/** The locale the UI formats in: the OS's, or the language chosen in Settings (see i18n). */
export function userLocale(): string {
  return currentLocale();
}

/** The OS's own locale, whatever language the UI speaks. */
export { systemLocale };

/** "2026-11-26" or an RFC 3339 instant → a short local date ("26 Nov 2026", "Nov 26, 2026"). */
export function formatDate(iso: string | null | undefined, locale = userLocale()): string {
  if (!iso) return "";
  const day = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  // A plain date is a calendar day: format it in UTC so no timezone shifts it.
  const d = new Date(day ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeZone: day ? "UTC" : undefined,
  }).format(d);
}

/** Whole days between an instant or date and `now` (positive when in the past). */
export function daysSince(iso: string, now: Date = new Date()): number {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
  return Math.floor((now.getTime() - d.getTime()) / 86_400_000);
}

/** Minor units → "€1,234.50" / "1.234,50 €" / "¥1,235", using the currency's own exponent. */
export function formatMoney(minor: number, currency: string, locale = userLocale()): string {
  let fmt: Intl.NumberFormat;
  try {
    fmt = new Intl.NumberFormat(locale, { style: "currency", currency });
  } catch {
    // Not an ISO 4217 code (a half-typed "€1"): the number in the locale's form, then the text.
    return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(minor / 100)} ${currency}`;
  }
  const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
  // Integer arithmetic up to the final division: no float error accumulates.
  return fmt.format(minor / 10 ** digits);
}

export function formatCount(n: number, locale = userLocale()): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** The local calendar day as YYYY-MM-DD (not the UTC one: late evening is still today). */
export function localDay(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A country's name from its ISO 3166 alpha-2 code, in the user's language ("DE" → "Germany"). */
export function countryName(code: string, locale = userLocale()): string {
  try {
    return new Intl.DisplayNames([locale], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}
