// What each chart shows, shaped from the core's numbers: labels, series, the table and the text
// equivalent. Pure functions, so Vitest checks them; `views/Chart.svelte` draws the result.
import type { FitContribution, FunnelStage, OpportunityStage, QuarterFees, StageTotal } from "./bindings";
import { formatCount, formatMoney, userLocale } from "./format";
import { exponent } from "./money";
import { t } from "./i18n.svelte";
import { stageLabel } from "./stages";
import { phraseText } from "./phrase";

/** A criterion's points as the locale writes them, signed: "+12,5", "−3", "0". */
export function formatPoints(p: number): string {
  return new Intl.NumberFormat(userLocale(), { maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(p);
}

export type ChartData = {
  labels: string[];
  series: { label: string; data: number[]; line?: boolean; stack?: string }[];
  table: { head: string[]; rows: string[][]; numeric?: boolean[] };
  summary: string;
};

const list = (items: string[]) => new Intl.ListFormat(userLocale(), { type: "conjunction" }).format(items);
const percent = (bp: number | null) =>
  bp === null ? "—" : new Intl.NumberFormat(userLocale(), { style: "percent", maximumFractionDigits: 0 }).format(bp / 10_000);
/** Minor units as a number of major units, for an axis (money is formatted in the table). */
const major = (minor: number, currency: string) => minor / 10 ** exponent(currency);

/** An axis of major units shown as money ("120.000,00 €"). */
export const moneyAxis = (currency: string) => (v: number) => formatMoney(Math.round(v * 10 ** exponent(currency)), currency);

/** Home: how many prospects reached each stage of the main line, and the conversion between. */
export function funnelChart(funnel: FunnelStage[]): ChartData {
  return {
    // Each bar's label carries the conversion from the stage before, so the chart reads alone.
    labels: funnel.map((f) => (f.conversion_bp === null ? stageLabel(f.stage) : `${stageLabel(f.stage)} · ${percent(f.conversion_bp)}`)),
    series: [
      { label: t("chart.funnel.reached"), data: funnel.map((f) => f.reached) },
      { label: t("chart.funnel.now"), data: funnel.map((f) => f.now) },
    ],
    table: {
      head: [t("find.col.stage"), t("chart.funnel.now"), t("chart.funnel.reached"), t("chart.funnel.conversion")],
      rows: funnel.map((f) => [stageLabel(f.stage), formatCount(f.now), formatCount(f.reached), percent(f.conversion_bp)]),
      numeric: [false, true, true, true],
    },
    summary: t("chart.funnel.summary", {
      stages: list(
        funnel.map((f) =>
          f.conversion_bp === null
            ? t("chart.funnel.item_first", { stage: stageLabel(f.stage), reached: f.reached })
            : t("chart.funnel.item", { stage: stageLabel(f.stage), reached: f.reached, conversion: percent(f.conversion_bp) }),
        ),
      ),
    }),
  };
}

const OPEN_AND_WON: OpportunityStage[] = ["identified", "qualified", "proposal", "won"];

/** Home: the joint pipeline's value by stage, weighted by the chance of winning, per currency. */
export function pipelineChart(totals: StageTotal[]): ChartData {
  const currencies = [...new Set(totals.map((x) => x.currency))].sort();
  const at = (stage: OpportunityStage, cur: string) => totals.find((x) => x.stage === stage && x.currency === cur);
  const rows = OPEN_AND_WON.flatMap((stage) =>
    currencies.flatMap((cur) => {
      const x = at(stage, cur);
      return x ? [[t(`opp.stage.${stage}`), cur, formatMoney(x.value_minor, cur), formatMoney(x.weighted_minor, cur)]] : [];
    }),
  );
  const byCurrency = currencies.map((cur) =>
    t("chart.pipeline.currency", {
      currency: cur,
      total: formatMoney(OPEN_AND_WON.reduce((sum, s) => sum + (at(s, cur)?.weighted_minor ?? 0), 0), cur),
    }),
  );
  return {
    labels: OPEN_AND_WON.map((s) => t(`opp.stage.${s}`)),
    series: currencies.map((cur) => ({ label: cur, data: OPEN_AND_WON.map((s) => major(at(s, cur)?.weighted_minor ?? 0, cur)) })),
    table: {
      head: [t("find.col.stage"), t("settings.currency"), t("sell.value"), t("chart.pipeline.weighted")],
      rows,
      numeric: [false, false, true, true],
    },
    summary: currencies.length ? t("chart.pipeline.summary", { totals: list(byCurrency) }) : t("chart.pipeline.empty"),
  };
}

/** Sell together: fees earned and owed per quarter by partner, with the net, in the currency most
 *  fees are in (the table lists every currency). */
export function feesChart(fees: QuarterFees[]): ChartData & { currency: string } {
  const count = new Map<string, number>();
  for (const f of fees) count.set(f.currency, (count.get(f.currency) ?? 0) + 1);
  const currency = [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? "EUR";
  const mine = fees.filter((f) => f.currency === currency);
  const quarters = [...new Set(fees.map((f) => f.quarter))].sort();
  const partners = [...new Set(mine.map((f) => f.partner))].sort((a, b) => a.localeCompare(b));
  const net = (q: string, p?: string) =>
    mine.filter((f) => f.quarter === q && (p === undefined || f.partner === p)).reduce((s, f) => s + f.net_minor, 0);
  return {
    currency,
    labels: quarters,
    series: [
      ...partners.map((p) => ({ label: p, data: quarters.map((q) => major(net(q, p), currency)), stack: "partners" })),
      { label: t("chart.fees.net"), data: quarters.map((q) => major(net(q), currency)), line: true, stack: "net" },
    ],
    table: {
      head: [t("chart.fees.quarter"), t("find.col.partner"), t("chart.fees.earned"), t("chart.fees.owed"), t("chart.fees.net")],
      rows: fees.map((f) => [f.quarter, f.partner, formatMoney(f.earned_minor, f.currency), formatMoney(f.owed_minor, f.currency), formatMoney(f.net_minor, f.currency)]),
      numeric: [false, false, true, true, true],
    },
    summary: quarters.length
      ? t("chart.fees.summary", { quarters: list(quarters.map((q) => t("chart.fees.item", { quarter: q, net: formatMoney(net(q), currency) }))) })
      : t("chart.fees.empty"),
  };
}

/** A prospect: its fit score as one bar of its criteria's points. */
export function fitChart(score: number, contributions: FitContribution[], label: (c: FitContribution) => string): ChartData {
  const points = formatPoints;
  const parts = contributions.filter((c) => c.points !== 0);
  return {
    labels: [t("find.col.fit")],
    series: parts.map((c) => ({ label: label(c), data: [c.points], stack: "fit" })),
    table: {
      head: [t("pipeline.col.criterion"), t("pipeline.col.weight"), t("chart.fit.points"), t("chart.fit.why")],
      rows: contributions.map((c) => [label(c), formatCount(c.weight), points(c.points), phraseText(c.detail_words, c.detail)]),
      numeric: [false, true, true, false],
    },
    summary: t("chart.fit.summary", { score, parts: list(parts.map((c) => `${label(c)} ${points(c.points)}`)) }),
  };
}
