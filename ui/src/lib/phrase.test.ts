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
  it("are the same in the window's messages as in the documents' (every language)", () => {
    // The criteria's names are `criterion.*` in the window, `fit-<criterion>` in documents.
    const criteria = ["complementarity", "overlap", "region", "vertical", "size", "certifications", "culture", "capacity"].map((c) => `fit.${c}`);
    for (const lang of ["en", "de"]) {
      const ftl = ["documents", "messages"].map((f) => readFileSync(resolve(import.meta.dirname, `../../../src-tauri/core/locales/${lang}/${f}.ftl`), "utf8")).join("\n");
      const json = JSON.parse(readFileSync(resolve(import.meta.dirname, `../locales/${lang}.json`), "utf8")) as Record<string, string>;
      const core = ftl
        .split("\n")
        .map((l) => /^((?:guidance|fit|invalid)-[\w-]+) =/.exec(l)?.[1]?.replaceAll("-", "."))
        .filter((k): k is string => !!k && !criteria.includes(k))
        .sort();
      const window = Object.keys(json).filter((k) => /^(guidance|fit|invalid)\./.test(k)).sort();
      expect(core.length).toBeGreaterThan(40);
      expect(window, `${lang}: the phrases of the core and of the window`).toEqual(core);
    }
  });
});

describe("a fit reason", () => {
  it("lists what matched with the words and field that show it, in the window's language", () => {
    const covers = {
      key: "fit.covers",
      args: { n: "2", total: "4", list: "Cisco networking\u001eMeraki\u001ddescription\u001eSD-WAN\u001dtags\u001fOT security" },
    };
    setLanguage("de");
    expect(phraseText(covers, "x")).toBe("Deckt 2 von 4 Lücken ab: Cisco networking („Meraki“ in der Beschreibung, „SD-WAN“ in den Schlagwörtern), OT security.");
    expect(phraseText({ key: "fit.certs", args: { n: "1", list: "Veeam Gold", expired: "2" } }, "x")).toBe("1 gültig: Veeam Gold. 2 abgelaufen.");
    expect(phraseText({ key: "fit.size_comparable", args: { employees: "1200", our_employees: "900" } }, "x")).toBe("1.200 Mitarbeitende: vergleichbar mit Ihren 900.");
    setLanguage("en");
    expect(phraseText(covers, "x")).toBe("Covers 2 of your 4 gaps: Cisco networking (“Meraki” in the description, “SD-WAN” in the tags), OT security.");
    expect(phraseText({ key: "fit.no_certs", args: { expired: "0" } }, "x")).toBe("No current vendor certification on record.");
    setLanguage("auto");
  });
});
