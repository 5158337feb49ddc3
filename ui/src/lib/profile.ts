import type { Profile, RegionOption } from "./bindings";
import { countryName } from "./format";
import { t } from "./i18n.svelte";

type ListKey = "offerings" | "services" | "certifications" | "regions" | "verticals" | "gaps";

/** The profile's list fields; label, hint and placeholder are read when shown, in the UI's language. */
export const LIST_FIELDS: { key: ListKey; label: string; hint: string; placeholder: string }[] = (
  ["offerings", "services", "certifications", "regions", "verticals", "gaps"] as ListKey[]
).map((key) => ({
  key,
  get label() {
    return t(`profile.${key}`);
  },
  get hint() {
    return t(`profile.${key}.hint`);
  },
  get placeholder() {
    return t(`profile.${key}.placeholder`);
  },
}));

/** Text area → list: one item per line trimmed, blanks and repeats dropped. */
export function splitLines(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const item = raw.trim();
    const key = item.toLocaleLowerCase();
    if (item && !seen.has(key)) {
      seen.add(key);
      out.push(item);
    }
  }
  return out;
}

export function joinLines(items: Profile[ListKey]): string {
  return items.join("\n");
}

/** What a region line means, in words: how the fit score will read it. */
export function regionHint(text: string, place: RegionOption | null): string {
  if (!place) return t("region.unknown", { text });
  switch (place.kind) {
    case "bloc":
      return t("region.bloc", { text, name: place.name });
    case "country":
      return t("region.country", { text, name: place.name });
    case "subdivision":
      return place.country
        ? t("region.subdivision", { text, name: place.name, country: countryName(place.country) })
        : t("region.subdivision.unknown", { text, name: place.name });
    default:
      return text;
  }
}
