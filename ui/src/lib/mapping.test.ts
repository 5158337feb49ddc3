import { describe, expect, it } from "vitest";
import type { ImportPreview } from "./bindings";
import { duplicateFields, explicitMaps } from "./mapping";

const preview: ImportPreview = {
  encoding: "UTF-8", delimiter: "comma", headers: ["Company name", "Firma", "Notes"],
  mapping: ["name", null, "description"], rows: [], total_rows: 0,
};

describe("column mapping", () => {
  it("sends only what the user changed from the guess", () => {
    expect(explicitMaps(preview, ["name", null, "description"])).toEqual([]);
    expect(explicitMaps(preview, [null, "name", "description"])).toEqual([
      ["Company name", "ignore"],
      ["Firma", "name"],
    ]);
  });

  it("finds a field mapped twice", () => {
    expect(duplicateFields(["name", "name", null])).toEqual(["name"]);
    expect(duplicateFields(["name", "city", null])).toEqual([]);
  });
});
