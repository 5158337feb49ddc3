import { afterEach, describe, expect, it, vi } from "vitest";
import { daysSince, formatDate, formatMoney, localDay, userLocale, validLocale } from "./format";
import { refreshSystemLocale } from "./i18n.svelte";

afterEach(() => {
  vi.unstubAllGlobals();
  refreshSystemLocale();
});

describe("locale", () => {
  it("survives POSIX locales the webview reports under LANG=C", () => {
    vi.stubGlobal("navigator", { language: "C", languages: ["C"] });
    refreshSystemLocale();
    expect(userLocale()).toBe("en-US");
    expect(() => formatDate("2026-11-26", userLocale())).not.toThrow();
  });

  it("turns en_GB.UTF-8 into a tag and keeps real tags", () => {
    expect(validLocale("en_GB.UTF-8")).toBe("en-GB");
    expect(validLocale("de-AT")).toBe("de-AT");
    expect(validLocale("")).toBeNull();
  });

  it("uses the first usable language the user prefers", () => {
    vi.stubGlobal("navigator", { language: "C", languages: ["C", "fr-CH"] });
    refreshSystemLocale();
    expect(userLocale()).toBe("fr-CH");
  });
});

describe("dates", () => {
  it("shows a calendar day as that day in every time zone", () => {
    expect(formatDate("2026-01-05", "en-GB")).toBe("5 Jan 2026");
    expect(formatDate("2026-01-05", "de-DE")).toBe("05.01.2026");
  });

  it("leaves empty dates empty and unparseable ones as they are", () => {
    expect(formatDate(null)).toBe("");
    expect(formatDate("soon", "en-GB")).toBe("soon");
  });

  it("counts whole days since a date", () => {
    expect(daysSince("2026-11-20", new Date("2026-11-26T12:00:00Z"))).toBe(6);
  });
});

describe("money", () => {
  it("formats minor units with the currency's own exponent and the user's separators", () => {
    expect(formatMoney(123450, "EUR", "de-DE")).toBe("1.234,50\u00a0€");
    expect(formatMoney(123450, "EUR", "en-IE")).toBe("€1,234.50");
    expect(formatMoney(1235, "JPY", "en-US")).toBe("¥1,235");
    expect(formatMoney(1000, "KWD", "en-US")).toBe("KWD\u00a01.000");
  });
});

describe("localDay", () => {
  it("is the local calendar day, zero-padded", () => {
    expect(localDay(new Date(2026, 0, 5, 23, 30))).toBe("2026-01-05");
    expect(localDay(new Date(2026, 10, 26, 0, 5))).toBe("2026-11-26");
  });
});

describe("money that cannot be formatted", () => {
  it("shows a half-typed currency as text instead of failing the page", () => {
    expect(formatMoney(12_000_000, "€1", "de-DE")).toBe("120.000,00 €1");
    expect(formatMoney(12_000_000, "EUR", "de-DE")).toBe("120.000,00\u00a0€");
    expect(formatMoney(12_000_000, "EUR", "en-IE")).toBe("€120,000.00");
  });
});
