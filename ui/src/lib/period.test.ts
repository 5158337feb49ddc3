import { describe, expect, it } from "vitest";
import { periods } from "./period";

const byKey = (today: string) => Object.fromEntries(periods(today).map((p) => [p.key, p]));

describe("statement periods", () => {
  it("offer the quarter just closed, with its real last day", () => {
    expect(byKey("2026-11-26")["last-quarter"]).toMatchObject({ from: "2026-07-01", to: "2026-09-30", label: "Last quarter (Q3 2026)" });
    expect(byKey("2026-05-31")["last-quarter"]).toMatchObject({ from: "2026-01-01", to: "2026-03-31" });
    expect(byKey("2026-08-01")["last-quarter"]).toMatchObject({ from: "2026-04-01", to: "2026-06-30" });
  });

  it("go back into the previous year from the first quarter", () => {
    const p = byKey("2027-02-10");
    expect(p["last-quarter"]).toMatchObject({ from: "2026-10-01", to: "2026-12-31", label: "Last quarter (Q4 2026)" });
    expect(p["last-year"]).toMatchObject({ from: "2026-01-01", to: "2026-12-31" });
  });

  it("run the current quarter and year to today", () => {
    const p = byKey("2028-02-29");
    expect(p["this-quarter"]).toMatchObject({ from: "2028-01-01", to: "2028-02-29", label: "This quarter to date (Q1 2028)" });
    expect(p["this-year"]).toMatchObject({ from: "2028-01-01", to: "2028-02-29" });
  });

  it("end each quarter on the last day of its third month", () => {
    const ends = ["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"];
    const todays = ["2026-04-15", "2026-07-15", "2026-10-15", "2027-01-15"];
    expect(todays.map((t) => byKey(t)["last-quarter"].to)).toEqual(ends);
  });
});
