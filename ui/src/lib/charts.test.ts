import { afterEach, describe, expect, it } from "vitest";
import { feesChart, fitChart, funnelChart, pipelineChart } from "./charts";
import { setLanguage } from "./i18n.svelte";

afterEach(() => setLanguage("auto"));

describe("the pictures say in words and tables what they draw", () => {
  it("a funnel with its conversions", () => {
    setLanguage("en");
    const c = funnelChart([
      { stage: "long_list", now: 1, reached: 4, conversion_bp: null },
      { stage: "short_list", now: 1, reached: 3, conversion_bp: 7500 },
      { stage: "vetting", now: 2, reached: 2, conversion_bp: 6667 },
    ]);
    expect(c.labels).toEqual(["Long-list", "Short-list · 75%", "Vetting · 67%"]);
    expect(c.series[0].data).toEqual([4, 3, 2]);
    expect(c.table.rows[1]).toEqual(["Short-list", "1", "3", "75%"]);
    expect(c.summary).toBe("How far prospects got: Long-list 4, Short-list 3 (75% of the stage before), and Vetting 2 (67% of the stage before).");
  });

  it("the weighted pipeline per currency, never summed across currencies", () => {
    setLanguage("de");
    const c = pipelineChart([
      { stage: "proposal", currency: "EUR", value_minor: 1_000_000, count: 1, weighted_minor: 600_000 },
      { stage: "won", currency: "EUR", value_minor: 500_000, count: 1, weighted_minor: 500_000 },
      { stage: "proposal", currency: "CHF", value_minor: 200_000, count: 1, weighted_minor: 120_000 },
      { stage: "lost", currency: "EUR", value_minor: 900_000, count: 1, weighted_minor: 0 },
    ]);
    expect(c.series.map((s) => s.label)).toEqual(["CHF", "EUR"]);
    expect(c.series[1].data).toEqual([0, 0, 6000, 5000]); // EUR: proposal 6,000.00 and won 5,000.00
    expect(c.summary).toContain("11.000,00\u00a0€ in EUR");
    expect(c.summary).toContain("1.200,00\u00a0CHF in CHF");
    expect(c.table.rows).toContainEqual(["Angebot", "EUR", "10.000,00\u00a0€", "6.000,00\u00a0€"]);
  });

  it("fees per quarter by partner with the net, in the most used currency", () => {
    setLanguage("en");
    const row = (quarter: string, partner: string, earned: number, owed: number, currency = "EUR") => ({
      quarter, from: "", to: "", prospect_id: 1, partner, currency, earned_minor: earned, owed_minor: owed, net_minor: earned - owed,
    });
    const c = feesChart([row("2026-Q3", "Atlas", 648_000, 120_000), row("2026-Q3", "Bastion", 0, 50_000), row("2026-Q4", "Atlas", 120_000, 0), row("2026-Q4", "Helvetic", 0, 504_000, "CHF")]);
    expect(c.currency).toBe("EUR");
    expect(c.labels).toEqual(["2026-Q3", "2026-Q4"]);
    const net = c.series.find((s) => s.line)!;
    expect(net.data).toEqual([4780, 1200]);
    expect(c.table.rows).toHaveLength(4); // CHF is in the table even though the chart is in EUR
    expect(c.summary).toBe("Net fees per quarter: 2026-Q3 €4,780.00 and 2026-Q4 €1,200.00.");
  });

  it("the fit score as its criteria's points", () => {
    setLanguage("en");
    const c = fitChart(
      42,
      [
        { criterion: "complementarity", label: "Complements our gaps", weight: 30, points: 30, detail: "Covers 3 of your 4 gaps", detail_words: { key: "fit.covers", args: { n: "3", total: "4", list: "A\u001fB\u001fC" } } },
        { criterion: "overlap", label: "Overlap", weight: 20, points: -8, detail: "Sells Microsoft 365", detail_words: { key: "", args: {} } },
        { criterion: "size", label: "Size", weight: 10, points: 0, detail: "no headcount", detail_words: { key: "", args: {} } },
      ],
      (x) => x.label,
    );
    expect(c.series.map((s) => s.data[0])).toEqual([30, -8]); // a zero adds nothing to the bar
    expect(c.table.rows).toHaveLength(3); // but is in the table, with its reason
    expect(c.table.rows[0][3]).toBe("Covers 3 of your 4 gaps: A, B, C."); // said from its phrase
    expect(c.table.rows[1][3]).toBe("Sells Microsoft 365"); // or as the core wrote it
    expect(c.summary).toBe("Fit 42 of 100: Complements our gaps +30 and Overlap -8.");
  });
});
