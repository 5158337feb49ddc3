import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { catchUp, indexing } from "./indexing.svelte";

afterEach(() => clearMocks());

describe("search catch-up", () => {
  it("steps until nothing is pending and reports each count", async () => {
    let pending = 45_000;
    let steps = 0;
    mockIPC((cmd) => {
      if (cmd === "search_status") return { pending };
      if (cmd === "search_catch_up") {
        steps += 1;
        pending = Math.max(0, pending - 20_000);
        return { pending };
      }
    });
    // A second call while the first runs joins it instead of stepping twice.
    await Promise.all([catchUp(), catchUp()]);
    expect(steps).toBe(3);
    expect(indexing.pending).toBe(0);
    expect(pending).toBe(0);
    expect(indexing.failed).toBeNull();
  });

  it("stops on an error and says so, leaving the rest for the next start", async () => {
    mockIPC((cmd) => {
      if (cmd === "search_status") return { pending: 30_000 };
      if (cmd === "search_catch_up") throw { code: "disk_full", message: "the disk is full", fields: [] };
    });
    await catchUp();
    expect(indexing.pending).toBe(30_000);
    expect(indexing.failed).toBe("the disk is full");
  });

  it("asks only for the status when the index is complete", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return { pending: 0 };
    });
    await catchUp();
    expect(calls).toEqual(["search_status"]);
  });
});
