import { describe, expect, it } from "vitest";
import { parseDate, showDate } from "./dates";

describe("dates typed and shown in the user's locale", () => {
  it("shows a day in the locale's numeric form", () => {
    expect(showDate("2026-11-03", "de-DE")).toBe("03.11.2026");
    expect(showDate("2026-11-03", "en-US")).toBe("11/03/2026");
    expect(showDate("2026-11-03", "en-GB")).toBe("03/11/2026");
    expect(showDate("2026-11-03", "fr-FR")).toBe("03/11/2026");
    expect(showDate("", "de-DE")).toBe("");
  });

  it("reads the locale's order, and ISO everywhere", () => {
    expect(parseDate("3.11.2026", "de-DE")).toBe("2026-11-03");
    expect(parseDate("03.11.26", "de-DE")).toBe("2026-11-03");
    expect(parseDate("11/3/2026", "en-US")).toBe("2026-11-03");
    expect(parseDate("3/11/2026", "en-GB")).toBe("2026-11-03");
    expect(parseDate("03/11/2026", "fr-FR")).toBe("2026-11-03");
    for (const locale of ["de-DE", "en-US", "en-GB", "fr-FR"]) expect(parseDate("2026-11-03", locale)).toBe("2026-11-03");
  });

  it("refuses what is not a day, and leaves an empty field empty", () => {
    expect(parseDate("31.02.2026", "de-DE")).toBeNull();
    expect(parseDate("13/25/2026", "en-US")).toBeNull();
    expect(parseDate("soon", "en-GB")).toBeNull();
    expect(parseDate("2026-02-30", "en-GB")).toBeNull();
    expect(parseDate("  ", "de-DE")).toBe("");
  });
});

describe("an empty date field shows the pattern to type", () => {
  it("in the locale's order", async () => {
    const { datePattern } = await import("./dates");
    expect(datePattern("en-US")).toBe("MM/DD/YYYY");
    expect(datePattern("en-GB")).toBe("DD/MM/YYYY");
  });
});
