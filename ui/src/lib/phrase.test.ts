import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { setLanguage } from "./i18n.svelte";
import { phraseText } from "./phrase";

describe("phrases the core says", () => {
  it("are said in the window's language, with stages, days and numbers in its words", async () => {
    const open = { key: "guidance.checklist_open", args: { item: "NDA signed", open: "3", stage: "vetting" } };
    const since = { key: "guidance.follow_up_since", args: { subject: "Call back", date: "2026-11-20" } };
    setLanguage("de");
    expect(phraseText(open, "english")).toBe("NDA signed — 3 Punkte der Checkliste „Prüfung“ noch offen.");
    expect(phraseText(since, "english")).toBe("Wiedervorlage „Call back“ (fällig seit 20.11.2026).");
    expect(phraseText({ key: "guidance.move_on", args: { next: "negotiating" } }, "x")).toBe("Checkliste erledigt: weiter zu „Verhandlung“.");
    setLanguage("en");
    expect(phraseText(open, "english")).toBe("NDA signed — 3 of the Vetting checklist still open.");
    // A phrase this window does not know (a newer core), or none: the core's English.
    expect(phraseText({ key: "guidance.new_kind", args: {} }, "The core's words.")).toBe("The core's words.");
    expect(phraseText(undefined, "The core's words.")).toBe("The core's words.");
    setLanguage("auto");
  });
});

describe("the phrases the core can say", () => {
  it("are the same in the window's messages as in the documents' (every language)", async () => {
    for (const lang of ["en", "de"]) {
      const ftl = readFileSync(resolve(import.meta.dirname, `../../../src-tauri/core/locales/${lang}/documents.ftl`), "utf8");
      const json = JSON.parse(readFileSync(resolve(import.meta.dirname, `../locales/${lang}.json`), "utf8")) as Record<string, string>;
      const core = ftl.split("\n").map((l) => /^guidance-(\w+) =/.exec(l)?.[1]).filter((k): k is string => !!k).sort();
      const window = Object.keys(json).filter((k) => k.startsWith("guidance.")).map((k) => k.slice("guidance.".length)).sort();
      expect(core.length).toBeGreaterThan(5);
      expect(window, `${lang}: guidance phrases of the core and the window`).toEqual(core);
    }
  });
});
