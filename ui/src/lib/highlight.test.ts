import { describe, expect, it } from "vitest";
import { segments } from "./highlight";

describe("search highlights", () => {
  it("splits marked text into plain and matched segments", () => {
    expect(segments("\u0002Müller\u0003 Netzwerktechnik")).toEqual([
      { text: "Müller", match: true },
      { text: " Netzwerktechnik", match: false },
    ]);
  });

  it("keeps markup as text", () => {
    expect(segments("<b>\u0002x\u0003</b>").map((s) => s.text).join("")).toBe("<b>x</b>");
  });
});
