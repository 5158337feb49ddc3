// The UI's words: ICU messages in ui/src/locales/<language>.json, formatted by FormatJS's
// intl-messageformat (plural rules, selects, numbers and dates inside sentences). The language is
// the OS's unless the user chose one in Settings; formats follow the OS locale unless the chosen
// language is another one, which brings its usual region. Adding a language is adding a message file
// and a line in LANGUAGES; the i18n test fails while any key is missing.

import { IntlMessageFormat } from "intl-messageformat";
import en from "../locales/en.json";
import de from "../locales/de.json";

export type MessageKey = keyof typeof en;
type Messages = Record<MessageKey, string>;

/** Every language the UI speaks: its messages, its name in itself, the region used when the OS's
 *  locale is in another language. */
export const LANGUAGES = {
  en: { messages: en as Messages, name: "English", region: "en-US" },
  de: { messages: de as Messages, name: "Deutsch", region: "de-DE" },
} as const;
export type Language = keyof typeof LANGUAGES;

const STORAGE_KEY = "allybook.language";
const FALLBACK_LOCALE = "en-US";

/** A BCP 47 tag Intl accepts, or null. POSIX values such as "C" or "en_US.UTF-8" are not tags. */
export function validLocale(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const cleaned = tag.split(".")[0].split("@")[0].replace(/_/g, "-");
  try {
    const ok = Intl.getCanonicalLocales(cleaned)[0] ?? null;
    if (!ok || ["c", "posix"].includes(ok.toLowerCase())) return null;
    return ok;
  } catch {
    return null;
  }
}

/** The OS's locale as the webview reports it: the first usable one, else a safe default. */
export function systemLocale(): string {
  const nav = typeof navigator !== "undefined" ? navigator : undefined;
  for (const c of [...(nav?.languages ?? []), nav?.language]) {
    const ok = validLocale(c);
    if (ok) return ok;
  }
  return FALLBACK_LOCALE;
}

function isLanguage(x: unknown): x is Language {
  return typeof x === "string" && Object.hasOwn(LANGUAGES, x);
}

/** The language a locale speaks, if the UI speaks it. */
export function languageOf(locale: string): Language | null {
  const lang = locale.split("-")[0].toLowerCase();
  return isLanguage(lang) ? lang : null;
}

/** The locale used for formats: the system's when it speaks `lang`, else the language's region. */
export function localeFor(lang: Language, system = systemLocale()): string {
  return languageOf(system) === lang ? system : LANGUAGES[lang].region;
}

function storedChoice(): Language | null {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLanguage(v) ? v : null;
  } catch {
    return null;
  }
}

const state = $state<{ choice: Language | null; system: string }>({
  choice: storedChoice(),
  system: systemLocale(),
});

/** The OS's locale as the window knows it (from the app, else from the webview). */
export function osLocale(): string {
  return state.system;
}

/** "auto" follows the OS; otherwise the language the user chose in Settings. */
export function languageChoice(): Language | "auto" {
  return state.choice ?? "auto";
}

export function language(): Language {
  return state.choice ?? languageOf(state.system) ?? "en";
}

/**
 * The locale every date, number and amount on screen is formatted in: the OS's own (a French
 * OS gets French formats even while the words are English), unless the user chose a language
 * in another tongue than the OS's, which then brings its usual formats.
 */
export function currentLocale(): string {
  return state.choice ? localeFor(state.choice, state.system) : state.system;
}

export function setLanguage(choice: Language | "auto"): void {
  state.choice = choice === "auto" ? null : choice;
  try {
    if (choice === "auto") globalThis.localStorage?.removeItem(STORAGE_KEY);
    else globalThis.localStorage?.setItem(STORAGE_KEY, choice);
  } catch {
    // A webview without storage still switches for this session.
  }
  if (typeof document !== "undefined") document.documentElement.lang = language();
}

/** Re-read the OS locale from the webview (tests; a webview that learns it late). */
export function refreshSystemLocale(): void {
  state.system = systemLocale();
}

/** The OS's locale as the app itself reads it (LANG and friends, or the OS's setting): it wins
 *  over what the webview reports, which WebKitGTK leaves at en-US. */
export function useSystemLocale(tag: string | null | undefined): void {
  const ok = validLocale(tag);
  if (ok) state.system = ok;
  if (typeof document !== "undefined") document.documentElement.lang = language();
}

const cache = new Map<string, IntlMessageFormat>();

function compiled(lang: Language, key: MessageKey, locale: string): IntlMessageFormat {
  const id = `${lang}\u0000${locale}\u0000${key}`;
  let f = cache.get(id);
  if (!f) {
    const source = LANGUAGES[lang].messages[key] ?? LANGUAGES.en.messages[key] ?? key;
    f = new IntlMessageFormat(source, locale, undefined, { ignoreTag: true });
    cache.set(id, f);
  }
  return f;
}

/** Whether `key` names a message (a key built from data, such as an attention item's). */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(LANGUAGES.en.messages, key);
}

export type MessageValues = Record<string, string | number | Date | null | undefined>;

/** The message `key` in the current language, its {arguments} filled in. */
export function t(key: MessageKey, values?: MessageValues): string {
  const lang = language();
  const out = compiled(lang, key, localeFor(lang, state.system)).format(values as Record<string, string | number | Date>);
  return typeof out === "string" ? out : String(out);
}
