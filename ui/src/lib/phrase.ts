import type { Phrase, Stage } from "./bindings";
import { formatDate } from "./format";
import { hasMessage, t, type MessageValues } from "./i18n.svelte";
import { stageLabel } from "./stages";

/** A sentence the core said as a phrase (`model::words::Phrase`), in the window's language: its
 *  arguments named as the core names them (`stage`/`next` a stage's code, `date` an ISO day,
 *  `list` items with their evidence, the rest of `NUMBERS` whole numbers). The core's English when this window has no such message
 *  (a newer core). */
export function phraseText(phrase: Phrase | undefined, english: string): string {
  const key = phrase?.key ?? "";
  if (!phrase || !hasMessage(key)) return english;
  const values: MessageValues = {};
  for (const [k, v] of Object.entries(phrase.args ?? {})) {
    if (v === undefined) continue;
    if (k === "stage" || k === "next") values[k] = stageLabel(v as Stage);
    else if (k === "date") values[k] = formatDate(v);
    else if (k === "list") values[k] = listText(v);
    else if (NUMBERS.includes(k)) values[k] = Number(v);
    else values[k] = v;
  }
  return t(key, values);
}

/** The phrase arguments that are whole numbers (as `model::words` lists them). */
const NUMBERS = ["n", "left", "total", "open", "employees", "our_employees", "expired", "score", "days"];

/** Separators of a list argument, as `rules::fit` writes them: between items, between an item
 *  and its evidence, between the evidence's words and the field they were found in. */
const LIST_ITEM = "\u001f";
const ITEM_PART = "\u001e";
const EVIDENCE_SOURCE = "\u001d";

/** "Cisco networking („Meraki“ in der Beschreibung), Backup": a list argument in words. */
function listText(encoded: string): string {
  return encoded
    .split(LIST_ITEM)
    .map((item) => {
      const [label, ...parts] = item.split(ITEM_PART);
      if (!parts.length) return label;
      const why = parts.map((part) => {
        const [words, source = ""] = part.split(EVIDENCE_SOURCE);
        const field = `fit.source.${source}`;
        return t("fit.evidence", { words, source: hasMessage(field) ? t(field) : source });
      });
      return `${label} (${why.join(", ")})`;
    })
    .join(", ");
}
