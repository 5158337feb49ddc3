import type { Phrase, Stage } from "./bindings";
import { formatDate } from "./format";
import { hasMessage, t, type MessageValues } from "./i18n.svelte";
import { stageLabel } from "./stages";

/** A sentence the core said as a phrase (`model::words::Phrase`), in the window's language: its
 *  arguments named as the core names them (`stage`/`next` a stage's code, `date` an ISO day,
 *  `n`/`left`/`total`/`open` numbers). The core's English when this window has no such message
 *  (a newer core). */
export function phraseText(phrase: Phrase | undefined, english: string): string {
  const key = phrase?.key ?? "";
  if (!phrase || !hasMessage(key)) return english;
  const values: MessageValues = {};
  for (const [k, v] of Object.entries(phrase.args ?? {})) {
    if (v === undefined) continue;
    if (k === "stage" || k === "next") values[k] = stageLabel(v as Stage);
    else if (k === "date") values[k] = formatDate(v);
    else if (["n", "left", "total", "open"].includes(k)) values[k] = Number(v);
    else values[k] = v;
  }
  return t(key, values);
}
