// Amounts typed by the user ↔ integer minor units, by string arithmetic (no float error).

/** Digits after the decimal point for an ISO 4217 currency (JPY 0, EUR 2, KWD 3). */
export function exponent(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "5000", "5,000.5", "5000.50" → minor units; "" → null; anything else → NaN. */
export function toMinor(input: string, currency: string): number | null {
  const s = input.trim().replace(/[\s,']/g, "");
  if (s === "") return null;
  const exp = exponent(currency);
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] ?? "").length > exp) return Number.NaN;
  const frac = (m[2] ?? "").padEnd(exp, "0");
  return Number(m[1] + frac);
}

/** Minor units → "5000.50" for an input field. */
export function fromMinor(minor: number | null, currency: string): string {
  if (minor === null) return "";
  const exp = exponent(currency);
  if (exp === 0) return String(minor);
  const s = String(minor).padStart(exp + 1, "0");
  return `${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

/** Basis points ↔ a percentage as typed: 1250 ↔ "12.5". */
export function bpToPercent(bp: number | null): string {
  if (bp === null) return "";
  const whole = Math.trunc(bp / 100);
  const frac = bp % 100;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(2, "0").replace(/0$/, "")}`;
}

export function percentToBp(input: string): number | null {
  const s = input.trim().replace(",", ".");
  if (s === "") return null;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return Number.NaN;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}
