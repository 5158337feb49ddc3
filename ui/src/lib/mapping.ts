import type { Field, ImportPreview } from "./bindings";

export const FIELDS: Field[] = [
  "name", "website", "domain", "city", "country", "region", "industry", "employees",
  "revenue", "description", "tags", "vertical", "offering", "service", "stage",
];

/**
 * The explicit mappings to send with an import: the columns the user changed from the guess,
 * as [header, field], with "ignore" for a recognised column the user left out.
 */
export function explicitMaps(preview: ImportPreview, chosen: (Field | null)[]): [string, string][] {
  const maps: [string, string][] = [];
  chosen.forEach((field, i) => {
    if (field === preview.mapping[i]) return;
    maps.push([preview.headers[i], field ?? "ignore"]);
  });
  return maps;
}

/** Fields mapped by more than one column: the user must pick one. */
export function duplicateFields(chosen: (Field | null)[]): Field[] {
  const seen = new Set<Field>();
  const dup = new Set<Field>();
  for (const f of chosen) {
    if (!f) continue;
    if (seen.has(f)) dup.add(f);
    seen.add(f);
  }
  return [...dup];
}
