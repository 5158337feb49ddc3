import type { Field, ImportPreview, Stage } from "./bindings";
import { t } from "./i18n.svelte";

export const FIELDS: Field[] = [
  "name", "website", "domain", "city", "country", "region", "industry", "employees",
  "revenue", "description", "tags", "vertical", "offering", "service", "stage",
];

/** Each field in plain words, as the import screen shows it (never the `--map` name). */
export const FIELD_LABELS = {} as Record<Field, string>;
// Getters: each label is read when shown, in the language chosen at that moment.
for (const f of FIELDS) Object.defineProperty(FIELD_LABELS, f, { get: () => t(`field.${f}`), enumerable: true });

/** Fields that hold a list: several columns may feed one (Type and Tags both into tags). */
export const LIST_FIELDS: Field[] = ["region", "tags", "vertical", "offering", "service"];

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

/** Single-valued fields mapped by more than one column: the user must pick one. */
export function duplicateFields(chosen: (Field | null)[]): Field[] {
  const seen = new Set<Field>();
  const dup = new Set<Field>();
  for (const f of chosen) {
    if (!f || LIST_FIELDS.includes(f)) continue;
    if (seen.has(f)) dup.add(f);
    seen.add(f);
  }
  return [...dup];
}

/** Up to `n` distinct non-empty sample values of column `i`, for the mapping table. */
export function samples(preview: ImportPreview, i: number, n = 3): string[] {
  const out: string[] = [];
  for (const row of preview.rows) {
    const v = (row[i] ?? "").trim();
    if (v && !out.includes(v)) out.push(v);
    if (out.length >= n) break;
  }
  return out;
}

/** What the user chose for each stage value: a stage, "ignore", or nothing yet. */
export type StageChoice = Stage | "ignore" | "";

/** The `stage_values` option: every value the user has decided, as [value, stage or "ignore"]. */
export function stageMaps(choices: Record<string, StageChoice>): [string, string][] {
  return Object.entries(choices)
    .filter(([, c]) => c !== "")
    .map(([v, c]) => [v, c]);
}

/** Stage values still waiting for a choice. */
export function undecidedStages(choices: Record<string, StageChoice>): string[] {
  return Object.entries(choices).filter(([, c]) => c === "").map(([v]) => v);
}
