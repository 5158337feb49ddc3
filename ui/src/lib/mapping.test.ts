import { describe, expect, it } from "vitest";
import type { ImportPreview } from "./bindings";
import { FIELDS, FIELD_LABELS, duplicateFields, explicitMaps, samples, stageMaps, undecidedStages } from "./mapping";

const preview: ImportPreview = {
  encoding: "UTF-8", delimiter: "comma", sheets: [], sheet: null, header_line: 1,
  headers: ["Company name", "Firma", "Notes"],
  mapping: ["name", null, "description"], notes: [null, null, null],
  rows: [["A", "x", ""], ["B", "x", "n"], ["C", "y", ""], ["D", "z", ""]],
  total_rows: 4, stage_values: [],
};

describe("column mapping", () => {
  it("sends only what the user changed from the guess", () => {
    expect(explicitMaps(preview, ["name", null, "description"])).toEqual([]);
    expect(explicitMaps(preview, [null, "name", "description"])).toEqual([
      ["Company name", "ignore"],
      ["Firma", "name"],
    ]);
  });

  it("finds a single-valued field mapped twice, but lets several columns feed a list", () => {
    expect(duplicateFields(["name", "name", null])).toEqual(["name"]);
    expect(duplicateFields(["name", "city", null])).toEqual([]);
    expect(duplicateFields(["tags", "tags", "name"])).toEqual([]);
  });

  it("labels every field in plain words", () => {
    for (const f of FIELDS) {
      expect(FIELD_LABELS[f]).toMatch(/^[A-Z][a-z]/);
      expect(FIELD_LABELS[f]).not.toContain("_");
    }
    expect(FIELD_LABELS.name).toBe("Company name");
  });

  it("shows distinct, non-empty samples of a column", () => {
    expect(samples(preview, 1)).toEqual(["x", "y", "z"]);
    expect(samples(preview, 2)).toEqual(["n"]);
  });

  it("sends the stage values decided and lists the rest", () => {
    const choices = { Customer: "active", Lead: "", Competitor: "ignore" } as const;
    expect(stageMaps({ ...choices })).toEqual([["Customer", "active"], ["Competitor", "ignore"]]);
    expect(undecidedStages({ ...choices })).toEqual(["Lead"]);
  });
});
