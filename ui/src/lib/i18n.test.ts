import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { IntlMessageFormat } from "intl-messageformat";
import { LANGUAGES, currentLocale, language, localeFor, refreshSystemLocale, setLanguage, t, validLocale } from "./i18n.svelte";

afterEach(() => {
  setLanguage("auto");
  vi.unstubAllGlobals();
  refreshSystemLocale();
});

type Ast = { type: number; value?: string; options?: Record<string, { value: Ast }> }[];

/** The argument names a message uses, at any depth (plural and select branches included). */
function argumentsOf(ast: Ast, out = new Set<string>()): Set<string> {
  for (const el of ast) {
    // 0 literal, 7 pound: no argument; every other element names one.
    if (el.type !== 0 && el.type !== 7 && el.value) out.add(el.value);
    for (const option of Object.values(el.options ?? {})) argumentsOf(option.value, out);
  }
  return out;
}

describe("message files", () => {
  const english = LANGUAGES.en.messages;
  for (const [code, lang] of Object.entries(LANGUAGES)) {
    it(`${code} has every key English has, and no other`, () => {
      const missing = Object.keys(english).filter((k) => !(k in lang.messages));
      const extra = Object.keys(lang.messages).filter((k) => !(k in english));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    });

    it(`${code} messages parse as ICU and use the same arguments as English`, () => {
      const wrong: string[] = [];
      for (const [key, source] of Object.entries(lang.messages)) {
        const mine = argumentsOf(new IntlMessageFormat(source, code, undefined, { ignoreTag: true }).getAst() as Ast);
        const theirs = argumentsOf(new IntlMessageFormat(english[key as keyof typeof english], "en", undefined, { ignoreTag: true }).getAst() as Ast);
        if ([...mine].sort().join() !== [...theirs].sort().join()) wrong.push(`${key}: ${[...mine]} vs ${[...theirs]}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it("no sentence is left in English in German", () => {
    // A single word may read the same (Region, Website, Partner); two or more words the same in
    // both files are an untranslated phrase, unless they are a product name.
    const names = new Set(["profile.certifications.placeholder"]);
    const same = Object.entries(LANGUAGES.de.messages).filter(([k, v]) => {
      const words = v.replace(/\{[^{}]*\}/g, " ").match(/\p{L}{2,}/gu) ?? [];
      return v === english[k as keyof typeof english] && words.length >= 2 && !names.has(k);
    });
    expect(same.map(([k]) => k)).toEqual([]);
  });
});

describe("plural rules and formats come from the language", () => {
  it("counts in English and German", () => {
    setLanguage("en");
    expect(t("import.rows", { count: 1 })).toBe("1 row");
    expect(t("import.rows", { count: 1200 })).toBe("1,200 rows");
    setLanguage("de");
    expect(t("import.rows", { count: 1 })).toBe("1 Zeile");
    expect(t("import.rows", { count: 1200 })).toBe("1.200 Zeilen");
  });

  it("follows the OS, keeps the user's choice, and falls back under LANG=C", () => {
    vi.stubGlobal("navigator", { language: "de-AT", languages: ["de-AT"] });
    refreshSystemLocale();
    expect(language()).toBe("de");
    expect(currentLocale()).toBe("de-AT");
    setLanguage("en");
    // English words, but an English locale: the OS speaks German, so US formats are the default.
    expect(currentLocale()).toBe("en-US");
    vi.stubGlobal("navigator", { language: "C", languages: ["C"] });
    setLanguage("auto");
    refreshSystemLocale();
    expect(language()).toBe("en");
    expect(currentLocale()).toBe("en-US");
  });

  it("keeps the region of an OS locale in the same language", () => {
    expect(localeFor("en", "en-GB")).toBe("en-GB");
    expect(localeFor("de", "en-GB")).toBe("de-DE");
    expect(validLocale("de_CH.UTF-8")).toBe("de-CH");
    expect(validLocale("POSIX")).toBeNull();
  });
});

describe("the window shows no words outside the message files", () => {
  // Every text node and every labelling attribute in the markup of each component must come
  // from t(…): a literal sentence would stay English in German. Symbols (×, —, ·) are fine.
  const views = resolve(import.meta.dirname, "../views");
  const files = [resolve(import.meta.dirname, "../App.svelte"), ...readdirSync(views).map((f) => join(views, f))];

  /** The markup with scripts, styles, comments and {…} expressions taken out. */
  function markup(source: string): string {
    let s = source.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<style[\s\S]*?<\/style>/g, "").replace(/<!--[\s\S]*?-->/g, "");
    let out = "";
    let depth = 0;
    for (const ch of s) {
      if (ch === "{") depth++;
      else if (ch === "}") depth = Math.max(0, depth - 1);
      else if (depth === 0) out += ch;
    }
    return out;
  }

  for (const file of files) {
    it(file.split("/").slice(-1)[0], () => {
      // Names that read the same in every language.
      const m = markup(readFileSync(file, "utf8")).replace(/Allybook|SHA-256|example\.com/g, "");
      const words: string[] = [];
      for (const text of m.split(/<[^>]*>/)) if (/\p{L}{2,}/u.test(text)) words.push(text.trim());
      for (const attr of m.matchAll(/\s(?:aria-label|placeholder|title|alt)="([^"]*)"/g))
        if (/\p{L}{2,}/u.test(attr[1])) words.push(attr[0].trim());
      expect(words).toEqual([]);
    });
  }
});
