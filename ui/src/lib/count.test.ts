import { describe, expect, it } from "vitest";
import { setLanguage } from "./i18n.svelte";
import { readCount, showCount } from "./count";

describe("a count typed the user's way", () => {
  it("reads German and English grouping, the plain form, and refuses fractions and words", () => {
    setLanguage("de");
    expect(readCount("1.200")).toBe(1200);
    expect(readCount("1200")).toBe(1200);
    expect(readCount(" 45 ")).toBe(45);
    expect(readCount("")).toBeNull();
    expect(readCount("12,5")).toBeNaN();
    expect(readCount("zwölf")).toBeNaN();
    expect(readCount("1.20")).toBeNaN(); // bad grouping
    expect(showCount(1200)).toBe("1.200");
    setLanguage("en");
    expect(readCount("1,200")).toBe(1200);
    expect(readCount("1.5")).toBeNaN();
    expect(showCount(1200)).toBe("1,200");
    expect(showCount(null)).toBe("");
    setLanguage("auto");
  });
});
