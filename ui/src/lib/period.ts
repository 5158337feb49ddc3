// Statement periods a user picks instead of typing two dates: the quarter or year just closed
// (what a referral-fee statement usually covers) and the current one to date. Pure ISO-date
// arithmetic on year and month numbers: no time zones involved.

export type Period = { key: string; label: string; from: string; to: string };

import { t } from "./i18n.svelte";

const pad = (n: number) => String(n).padStart(2, "0");

/** The last day of month `m` (1–12) of year `y`. */
function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function quarter(y: number, q: number): { from: string; to: string } {
  const first = (q - 1) * 3 + 1;
  const last = first + 2;
  return { from: `${y}-${pad(first)}-01`, to: `${y}-${pad(last)}-${pad(lastDay(y, last))}` };
}

/** The periods offered on `today` (an ISO date, YYYY-MM-DD). */
export function periods(today: string): Period[] {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const q = Math.floor((m - 1) / 3) + 1;
  const [py, pq] = q === 1 ? [y - 1, 4] : [y, q - 1];
  // Labels are getters: read when shown, in the language chosen at that moment.
  return [
    { key: "last-quarter", get label() { return t("period.last_quarter", { q: pq, year: String(py) }); }, ...quarter(py, pq) },
    { key: "this-quarter", get label() { return t("period.this_quarter", { q, year: String(y) }); }, from: quarter(y, q).from, to: today },
    { key: "last-year", get label() { return t("period.last_year", { year: String(y - 1) }); }, from: `${y - 1}-01-01`, to: `${y - 1}-12-31` },
    { key: "this-year", get label() { return t("period.this_year", { year: String(y) }); }, from: `${y}-01-01`, to: today },
  ];
}
