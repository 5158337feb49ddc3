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

describe("amounts typed in the user's locale or the plain form", () => {
  it("reads German amounts with thousands dots and a decimal comma", () => {
    expect(toMinor("45.000,00", "EUR", "de-DE")).toBe(4_500_000);
    expect(toMinor("1.000,50", "EUR", "de-DE")).toBe(100_050);
    expect(toMinor("1.000", "EUR", "de-DE")).toBe(100_000); // a thousand, as a German writes it
    expect(toMinor("120.000,00 €", "EUR", "de-DE")).toBe(12_000_000);
    expect(toMinor("45000.50", "EUR", "de-DE")).toBe(4_500_050); // the plain form still works
    expect(toMinor("1,5", "EUR", "de-DE")).toBe(150);
    expect(toMinor("1.00.0", "EUR", "de-DE")).toBeNaN();
  });

  it("reads US and UK amounts with thousands commas", () => {
    for (const locale of ["en-US", "en-GB"]) {
      expect(toMinor("€120,000.00", "EUR", locale)).toBe(12_000_000);
      expect(toMinor("1,000", "EUR", locale)).toBe(100_000);
      expect(toMinor("1.5", "EUR", locale)).toBe(150);
      expect(toMinor("12.345", "EUR", locale)).toBeNaN(); // three decimals of a euro
    }
  });

  it("reads French amounts with spaces between thousands", () => {
    expect(toMinor("120 000,00 €", "EUR", "fr-FR")).toBe(12_000_000);
    expect(toMinor("120\u202f000,50", "EUR", "fr-FR")).toBe(12_000_050);
  });

  it("shows an amount back with the locale's decimal mark, ungrouped", () => {
    expect(fromMinor(4_500_050, "EUR", "de-DE")).toBe("45000,50");
    expect(fromMinor(4_500_050, "EUR", "en-GB")).toBe("45000.50");
    expect(fromMinor(4_500_050, "EUR", "fr-FR")).toBe("45000,50");
    expect(fromMinor(-50, "EUR", "de-DE")).toBe("-0,50");
  });

  it("reads percentages the same way", () => {
    expect(percentToBp("12,5", "de-DE")).toBe(1250);
    expect(percentToBp("12,5 %", "de-DE")).toBe(1250);
    expect(percentToBp("12.5", "en-US")).toBe(1250);
    expect(bpToPercent(1250, "de-DE")).toBe("12,5");
    expect(bpToPercent(1250, "en-US")).toBe("12.5");
  });
});
