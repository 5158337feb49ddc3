// Search results mark matches between U+0002 and U+0003 (set by the core). Split them into
// segments the view renders as text, never as HTML, so a name with markup stays text.
export type Segment = { text: string; match: boolean };

export function segments(marked: string): Segment[] {
  const out: Segment[] = [];
  let match = false;
  let text = "";
  for (const ch of marked) {
    if (ch === "\u0002" || ch === "\u0003") {
      if (text) out.push({ text, match });
      text = "";
      match = ch === "\u0002";
    } else {
      text += ch;
    }
  }
  if (text) out.push({ text, match });
  return out;
}
