import { describe, expect, it } from "vitest";
import { joinLines, regionHint, splitLines } from "./profile";

describe("profile lists", () => {
  it("take one item per line, trimmed, without blanks or repeats", () => {
    expect(splitLines(" Cisco networking\r\n\nOT security\ncisco networking \n")).toEqual([
      "Cisco networking",
      "OT security",
    ]);
  });

  it("keep commas inside an item", () => {
    expect(splitLines("Backup, DR and archiving")).toEqual(["Backup, DR and archiving"]);
  });

  it("round-trip through the text area", () => {
    const items = ["Managed detection and response", "Müller-style OT"];
    expect(splitLines(joinLines(items))).toEqual(items);
  });
});

describe("region hints", () => {
  it("say how the fit score reads each region", () => {
    expect(regionHint("DACH", { code: "DACH", name: "DACH", kind: "bloc", country: null })).toContain("every country");
    expect(regionHint("Bavaria", { code: "DE-BY", name: "Bayern", kind: "subdivision", country: "DE" }))
      .toBe("Bavaria: Bayern, in Germany");
    expect(regionHint("Atlantis", null)).toContain("not a place Allybook knows");
  });
});
