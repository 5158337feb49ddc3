import { describe, expect, it } from "vitest";
import type { ReviewItem, TeamStatus } from "./bindings";
import { fieldLabel, kindLabel, setBy, syncLine, syncState, valueOf, valueText } from "./team";

const team: TeamStatus = {
  team: { relay: "ws://relay.lan:3030", member: "Anna Weber", role: "owner", joined_at: "2026-12-01T09:00:00Z" },
  waiting: 0,
  conflicts: 0,
  reviews: 0,
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
    fields: ["stage", "stage_reason"],
    versions: [
      { by: "Anna Weber", at: "2026-12-03T09:30:00Z", values: [
        { field: "stage", shown: "vetting", value: '"vetting"' },
        { field: "stage_reason", shown: "", value: '""' },
      ] },
      { by: "", at: "", values: [{ field: "stage", shown: "paused", value: '"paused"' }] },
    ],
  };

  it("names a prospect's stage as the board does, and who set it when", () => {
    expect(valueOf(item, item.versions[0], "stage")).toBe("Vetting");
    expect(setBy(item.versions[0], "en-GB")).toMatch(/^Anna Weber, 3 Dec 2026/);
    // A version whose author is not known still says something.
    expect(setBy(item.versions[1])).toBe("someone");
  });

  it("says an empty value, an unchanged one and a delete-or-keep conflict in words, not as JSON", () => {
    expect(valueOf(item, item.versions[0], "stage_reason")).toBe("(empty)");
    expect(valueOf(item, item.versions[1], "stage_reason")).toBe("(not changed)");
    expect(valueText(item, { field: "_deleted", shown: "true", value: "true" })).toBe("Deleted");
    expect(valueText(item, { field: "_deleted", shown: "", value: "null" })).toBe("Kept");
    expect(fieldLabel("_deleted")).toBe("Deleted or kept");
    // An archive against an edit: archived (when) or in use.
    expect(valueText(item, { field: "archived_at", shown: "2026-12-03T09:30:00Z", value: '"2026-12-03T09:30:00Z"' })).toMatch(/^Archived Dec 3, 2026|^Archived 3 Dec 2026/);
    expect(valueText(item, { field: "archived_at", shown: "", value: "null" })).toBe("In use (edited meanwhile)");
  });

  it("names known kinds and fields, and makes words of a column it does not know", () => {
    expect(kindLabel("lead_registration")).toBe("Lead registration");
    expect(fieldLabel("next_step")).toBe("Next step");
    expect(fieldLabel("share_bp")).toBe("Share bp");
    expect(fieldLabel("contact_id")).toBe("Contact");
    expect(kindLabel("something_new")).toBe("Something new");
  });
});

describe("team commands through the IPC", () => {
  it("keeping a version sends every value of it for its record, and the list comes back", async () => {
    const { mockIPC, clearMocks } = await import("@tauri-apps/api/mocks");
    const { api } = await import("./api");
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return [];
    });
    const left = await api.resolveReview("prospect/abc", [
      { field: "stage", value: '"paused"' },
      { field: "stage_reason", value: '"Waiting for their renewal"' },
    ]);
    expect(left).toEqual([]);
    expect(calls).toEqual([
      ["resolve_review", { record: "prospect/abc", choices: [
        { field: "stage", value: '"paused"' },
        { field: "stage_reason", value: '"Waiting for their renewal"' },
      ] }],
    ]);
    clearMocks();
  });

  it("a wrong invite comes back as a message for the invite field", async () => {
    const { mockIPC, clearMocks } = await import("@tauri-apps/api/mocks");
    const { api, asApiError, fieldMessages } = await import("./api");
    mockIPC((cmd) => {
      if (cmd === "join_team")
        throw { code: "invalid_input", message: "invite: this is not an Allybook invite (wrong start)", fields: [{ field: "invite", message: "this is not an Allybook invite (wrong start)" }] };
      return null;
    });
    const err = await api.joinTeam("hello", "Ben").catch(asApiError);
    expect(fieldMessages(err as never).invite).toContain("not an Allybook invite");
    clearMocks();
  });
});
