import type { Profile, RegionOption } from "./bindings";
import { countryName } from "./format";

type ListKey = "offerings" | "services" | "certifications" | "regions" | "verticals" | "gaps";

export const LIST_FIELDS: { key: ListKey; label: string; hint: string; placeholder: string }[] = [
  { key: "offerings", label: "Core offerings", hint: "One per line. Partners who also sell these may compete with you.", placeholder: "Microsoft 365 managed services" },
  { key: "services", label: "Services", hint: "One per line.", placeholder: "Intune device management" },
  { key: "certifications", label: "Vendor certifications", hint: "One per line.", placeholder: "Microsoft Modern Work Solutions Partner" },
  { key: "regions", label: "Regions served", hint: "One per line: a group such as DACH or Benelux, a country, or a state or province.", placeholder: "DACH" },
  { key: "verticals", label: "Verticals", hint: "One per line.", placeholder: "Healthcare" },
  { key: "gaps", label: "Gaps a partner should fill", hint: "One per line. Partners covering these score higher.", placeholder: "Managed detection and response" },
];

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
  if (!place) return `${text}: not a place Allybook knows; compared as written`;
  switch (place.kind) {
    case "bloc":
      return `${text}: the group ${place.name}, and every country and state in it`;
    case "country":
      return `${text}: ${place.name}, with its states and provinces`;
    case "subdivision":
      return `${text}: ${place.name}, in ${place.country ? countryName(place.country) : "its country"}`;
    default:
      return text;
  }
}
