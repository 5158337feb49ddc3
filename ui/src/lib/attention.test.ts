import { describe, expect, it } from "vitest";
import { relativeDays } from "./attention";

describe("relativeDays", () => {
  it("says when, relative to today", () => {
    expect(relativeDays({ days: 0, kind: "follow_up_due" })).toBe("today");
    expect(relativeDays({ days: 1, kind: "follow_up_due" })).toBe("tomorrow");
    expect(relativeDays({ days: -3, kind: "follow_up_overdue" })).toBe("3 days ago");
    expect(relativeDays({ days: 45, kind: "contract_notice" })).toBe("in 45 days");
  });
  it("counts days in stage for a stuck prospect", () => {
    expect(relativeDays({ days: -48, kind: "stuck" })).toBe("48 days in stage");
  });
});

import { groupAttention, groupOf, snoozeChoices } from "./attention";
import type { AttentionItem } from "./bindings";

const item = (days: number, kind: AttentionItem["kind"], ref_id = days): AttentionItem => ({
  kind,
  days,
  ref_id,
  date: "2026-11-26",
  title: `${kind} ${days}`,
  detail: "",
  prospect_id: 1,
  prospect: "P",
  place: "pipeline",
  words: { title: "stuck", detail: "stuck", args: {} },
});

describe("grouping what needs attention", () => {
  it("puts past and stuck items under overdue, then today, this week and later", () => {
    expect(groupOf({ days: -1, kind: "follow_up_overdue" })).toBe("overdue");
    expect(groupOf({ days: -40, kind: "stuck" })).toBe("overdue");
    expect(groupOf({ days: 0, kind: "follow_up_due" })).toBe("today");
    expect(groupOf({ days: 7, kind: "follow_up_due" })).toBe("week");
    expect(groupOf({ days: 8, kind: "certification_expiring" })).toBe("later");
  });

  it("never folds a notice date or a lead registration away, however many come before", () => {
    const later = [10, 11, 12, 13, 14, 15, 16].map((d) => item(d, "certification_expiring"));
    const notice = item(80, "contract_notice");
    const groups = groupAttention([item(-2, "stuck"), item(0, "follow_up_due"), ...later, notice], 3);
    expect(groups.map((g) => g.group)).toEqual(["overdue", "today", "later"]);
    const last = groups[2];
    expect(last.shown.map((i) => i.days)).toEqual([10, 11, 12, 80]);
    expect(last.folded.map((i) => i.days)).toEqual([13, 14, 15, 16]);
  });

  it("offers snoozes from tomorrow to a month, across month and year ends", () => {
    expect(snoozeChoices("2026-12-31").map((c) => c.until)).toEqual([
      "2027-01-01",
      "2027-01-03",
      "2027-01-07",
      "2027-01-31",
    ]);
  });
});

describe("attention items in the window's language", () => {
  it("words a notice date from its keys, with the date in the user's format", async () => {
    const { setLanguage } = await import("./i18n.svelte");
    const { attentionText } = await import("./attention");
    const notice = {
      title: "Last day to give notice on Partner agreement with Atlas",
      detail: "90 days' notice before 2027-03-31.",
      words: { title: "notice", detail: "notice", args: { contract: "Partner agreement", partner: "Atlas", days: "90", expires_on: "2027-03-31" } },
    };
    setLanguage("de");
    expect(attentionText(notice)).toEqual({
      title: "Letzter Tag zur Kündigung von Partner agreement mit Atlas",
      detail: "Kündigungsfrist 90 Tage vor dem 31.03.2027.",
    });
    setLanguage("en");
    expect(attentionText(notice).detail).toBe("90 days’ notice before Mar 31, 2027.");
    // A key this window does not know (a newer core): the core's own English.
    expect(attentionText({ ...notice, words: { title: "new_kind", detail: "new_kind", args: {} } }).title).toBe(notice.title);
    setLanguage("auto");
  });
});
