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
