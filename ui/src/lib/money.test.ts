import { describe, expect, it } from "vitest";
import { bpToPercent, fromMinor, percentToBp, toMinor } from "./money";

describe("money input", () => {
  it("turns typed amounts into minor units by the currency's exponent", () => {
    expect(toMinor("5,000.50", "EUR")).toBe(500050);
    expect(toMinor("5000", "EUR")).toBe(500000);
    expect(toMinor("1234", "JPY")).toBe(1234);
    expect(toMinor("", "EUR")).toBeNull();
    expect(toMinor("12.345", "EUR")).toBeNaN();
    expect(toMinor("ten", "EUR")).toBeNaN();
    expect(toMinor("0.1", "EUR")).toBe(10); // no 0.1 + 0.2 surprises
  });
  it("shows minor units back as typed", () => {
    expect(fromMinor(500050, "EUR")).toBe("5000.50");
    expect(fromMinor(5, "EUR")).toBe("0.05");
    expect(fromMinor(1234, "JPY")).toBe("1234");
    expect(fromMinor(null, "EUR")).toBe("");
  });
  it("converts percentages and basis points both ways", () => {
    expect(percentToBp("12.5")).toBe(1250);
    expect(percentToBp("10")).toBe(1000);
    expect(percentToBp("0,25")).toBe(25);
    expect(percentToBp("12.345")).toBeNaN();
    expect(bpToPercent(1250)).toBe("12.5");
    expect(bpToPercent(1205)).toBe("12.05");
    expect(bpToPercent(1000)).toBe("10");
  });
});
