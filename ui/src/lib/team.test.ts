import { describe, expect, it } from "vitest";
import type { ReviewItem, TeamStatus } from "./bindings";
import { fieldLabel, kindLabel, setBy, syncLine, syncState, valueText } from "./team";

const team: TeamStatus = {
  team: { relay: "ws://relay.lan:3030", member: "Anna Weber", role: "owner", joined_at: "2026-12-01T09:00:00Z" },
  waiting: 0,
  conflicts: 0,
  problems: 0,
  syncing: false,
  last_synced: null,
  offline_since: null,
  error: null,
};

describe("a team book's sync state", () => {
  it("says the most pressing state: offline before waiting before synced", () => {
    expect(syncState({ ...team, team: null })).toBe("single");
    expect(syncState(team)).toBe("not_yet");
    expect(syncState({ ...team, last_synced: "2026-12-03T10:00:00Z" })).toBe("synced");
    expect(syncState({ ...team, last_synced: "2026-12-03T10:00:00Z", waiting: 2 })).toBe("waiting");
    const offline = { ...team, last_synced: "2026-12-03T10:00:00Z", waiting: 2, offline_since: "2026-12-03T10:05:00Z" };
    expect(syncState(offline)).toBe("offline");
    expect(syncState({ ...offline, syncing: true })).toBe("syncing");
  });

  it("puts the time and the waiting changes in the sentence, in the user's formats", () => {
    const line = syncLine({ ...team, waiting: 3, offline_since: "2026-12-03T10:05:00Z" }, "en-GB");
    expect(line).toContain("Offline since");
    expect(line).toContain("3 Dec 2026");
    expect(line).toContain("3 changes wait");
    expect(syncLine({ ...team, waiting: 1 }, "en-GB")).toBe("1 change waiting");
    // Offline with nothing waiting says only since when.
    expect(syncLine({ ...team, offline_since: "2026-12-03T10:05:00Z" }, "en-GB")).not.toContain("wait");
  });
});

describe("what needs review, in words", () => {
  const item: ReviewItem = {
    record: "prospect/abc",
    kind: "prospect",
    label: "Nordlicht IT",
    field: "stage",
    values: [
      { shown: "vetting", value: '"vetting"', by: "Anna Weber", at: "2026-12-03T09:30:00Z" },
      { shown: "paused", value: '"paused"', by: "", at: "" },
    ],
  };

  it("names a prospect's stage as the board does, and who set it when", () => {
    expect(valueText(item, item.values[0])).toBe("Vetting");
    expect(setBy(item.values[0], "en-GB")).toMatch(/^Anna Weber, 3 Dec 2026/);
    // A value whose author is not known still says something.
    expect(setBy(item.values[1])).toBe("someone");
  });

  it("says an empty value and a delete-or-keep conflict in words, not as JSON", () => {
    const note = { ...item, field: "next_step" };
    expect(valueText(note, { ...item.values[0], shown: "", value: '""' })).toBe("(empty)");
    const gone = { ...item, field: "_deleted" };
    expect(valueText(gone, { ...item.values[0], shown: "true", value: "true" })).toBe("Deleted");
    expect(valueText(gone, { ...item.values[0], shown: "", value: "null" })).toBe("Kept");
    expect(fieldLabel("_deleted")).toBe("Deleted or kept");
  });

  it("names known kinds and fields, and makes words of a column it does not know", () => {
    expect(kindLabel("lead_registration")).toBe("Lead registration");
    expect(fieldLabel("next_step")).toBe("Next step");
    expect(fieldLabel("share_bp")).toBe("Share bp");
    expect(fieldLabel("contact_id")).toBe("Contact");
    expect(kindLabel("something_new")).toBe("Something new");
  });
});
