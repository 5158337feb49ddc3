import { describe, expect, it } from "vitest";
import { joinLines, splitLines } from "./profile";

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
