// Amounts typed by the user ↔ integer minor units, by string arithmetic (no float error),
// in the locale's form or the plain one.
import { currentLocale } from "./i18n.svelte";

/** Digits after the decimal point for an ISO 4217 currency (JPY 0, EUR 2, KWD 3). */
export function exponent(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** The locale's decimal mark and thousands separator ("," and "." in de-DE). */
export function separators(locale = currentLocale()): { decimal: string; group: string } {
  try {
    const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
    return {
      decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
      group: parts.find((p) => p.type === "group")?.value ?? ",",
    };
  } catch {
    return { decimal: ".", group: "," };
  }
}

/**
 * A typed number → its digits and decimal part, in the locale's form or the plain one:
 * "45.000,00" and "45000.00" in de-DE, "45,000.00" and "45000.00" in en-US, "45 000,00" in
 * fr-FR. A currency symbol or code around it is ignored. When one mark appears alone it is the
 * decimal point unless it groups thousands the locale's way ("1.000" is a thousand in de-DE,
 * "1.5" is one and a half everywhere). null when it is not a number.
 */
export function readNumber(input: string, locale = currentLocale()): { whole: string; frac: string } | null {
  let s = input.trim().replace(/[\s\u00a0\u202f'’]/g, "");
  // A currency around the number ("€", "EUR", "45,00 €") says nothing about its value.
  s = s.replace(/^[^\d.,-]+/, "").replace(/[^\d.,]+$/, "");
  if (!/^\d[\d.,]*$/.test(s) && !/^[.,]\d+$/.test(s)) return null;
  const { group } = separators(locale);
  const lastDot = s.lastIndexOf(".");
  const lastComma = s.lastIndexOf(",");
  let decimal: string | null;
  if (lastDot >= 0 && lastComma >= 0) decimal = lastDot > lastComma ? "." : ",";
  else if (lastDot >= 0 || lastComma >= 0) {
    const mark = lastDot >= 0 ? "." : ",";
    const groups = new RegExp(`^\\d{1,3}(\\${mark}\\d{3})+$`).test(s);
    decimal = groups && mark === group ? null : mark;
  } else decimal = null;
  const [wholeRaw, frac = ""] = decimal ? [s.slice(0, s.lastIndexOf(decimal)), s.slice(s.lastIndexOf(decimal) + 1)] : [s, ""];
  if (/[.,]/.test(frac)) return null;
  const other = decimal === "." ? "," : decimal === "," ? "." : /[.,]/.exec(wholeRaw)?.[0];
  // Thousands separators must sit every three digits ("1.000.000", not "1.00.0").
  if (other && wholeRaw.includes(other) && !new RegExp(`^\\d{1,3}(\\${other}\\d{3})+$`).test(wholeRaw)) return null;
  const whole = other ? wholeRaw.split(other).join("") : wholeRaw;
  if (!/^\d*$/.test(whole) || (whole === "" && frac === "")) return null;
  return { whole: whole === "" ? "0" : whole, frac };
}

/** "5000", "5,000.5", "5.000,50" (de-DE) → minor units; "" → null; anything else → NaN. */
export function toMinor(input: string, currency: string, locale = currentLocale()): number | null {
  if (input.trim() === "") return null;
  const n = readNumber(input, locale);
  const exp = exponent(currency);
  if (!n || n.frac.length > exp) return Number.NaN;
  return Number(n.whole + n.frac.padEnd(exp, "0"));
}

/** Minor units → "5000.50" (en) or "5000,50" (de) for an input field: no grouping, so it edits cleanly. */
export function fromMinor(minor: number | null, currency: string, locale = currentLocale()): string {
  if (minor === null) return "";
  const exp = exponent(currency);
  if (exp === 0) return String(minor);
  const sign = minor < 0 ? "-" : "";
  const s = String(Math.abs(minor)).padStart(exp + 1, "0");
  return `${sign}${s.slice(0, -exp)}${separators(locale).decimal}${s.slice(-exp)}`;
}

/** Basis points ↔ a percentage as typed: 1250 ↔ "12.5". */
export function bpToPercent(bp: number | null, locale = currentLocale()): string {
  if (bp === null) return "";
  const whole = Math.trunc(bp / 100);
  const frac = bp % 100;
  const mark = separators(locale).decimal;
  return frac === 0 ? String(whole) : `${whole}${mark}${String(frac).padStart(2, "0").replace(/0$/, "")}`;
}

/** "12.5", "12,5", "12,5 %" → 1250 basis points; "" → null; anything else → NaN. */
export function percentToBp(input: string, locale = currentLocale()): number | null {
  const s = input.trim().replace(/\s*%$/, "");
  if (s === "") return null;
  const n = readNumber(s, locale);
  if (!n || n.frac.length > 2) return Number.NaN;
  return Number(n.whole) * 100 + Number(n.frac.padEnd(2, "0"));
}
