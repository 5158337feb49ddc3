import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { neighbour, tryMove } from "./move";

afterEach(() => clearMocks());

describe("tryMove", () => {
  it("returns the open checklist items when the gate asks for confirmation", async () => {
    const seen: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd !== "move_prospect") throw new Error(cmd);
      seen.push(args);
      throw {
        code: "gate_open",
        message: "Vetting checklist has open items",
        fields: [
          { field: "open_item", message: "NDA signed before sharing customer data" },
          { field: "open_item", message: "References checked that match our situation" },
        ],
      };
    });
    const r = await tryMove({ prospect_id: 7, to: "negotiating", note: "", reason: "", confirm_skip: false });
    expect(r).toEqual({
      kind: "confirm",
      items: ["NDA signed before sharing customer data", "References checked that match our situation"],
    });
    expect(seen).toEqual([{ request: { prospect_id: 7, to: "negotiating", note: "", reason: "", confirm_skip: false } }]);
  });

  it("asks for a reason when ending without one, and reports a move", async () => {
    mockIPC(() => {
      throw { code: "invalid_input", message: "reason: Say why", fields: [{ field: "reason", message: "Say why the partnership is ended.", words: { key: "", args: {} } }] };
    });
    expect(await tryMove({ prospect_id: 1, to: "ended", note: "", reason: "", confirm_skip: false })).toEqual({
      kind: "reason",
      message: "Say why the partnership is ended.",
    });
    clearMocks();
    const outcome = { prospect_id: 1, name: "Fjord", from: "vetting", to: "negotiating", skipped: [] };
    mockIPC(() => outcome);
    expect(await tryMove({ prospect_id: 1, to: "negotiating", note: "", reason: "", confirm_skip: true })).toEqual({
      kind: "moved",
      outcome,
    });
  });
});

describe("neighbour", () => {
  it("walks the main line and stops at its ends; paused and ended have none", () => {
    expect(neighbour("short_list", 1)).toBe("vetting");
    expect(neighbour("short_list", -1)).toBe("long_list");
    expect(neighbour("active", 1)).toBeNull();
    expect(neighbour("long_list", -1)).toBeNull();
    expect(neighbour("paused", 1)).toBeNull();
  });
});
