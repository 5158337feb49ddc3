import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { holdingThePage, userIsEditing, watchBook } from "./watch";

afterEach(() => clearMocks());

describe("noticing another program's writes", () => {
  it("reports a change only when the version moves after the first reading", async () => {
    let version = 7;
    let asked = 0;
    mockIPC((cmd) => {
      if (cmd === "book_version") {
        asked += 1;
        return version;
      }
    });
    let changes = 0;
    const watch = watchBook(() => (changes += 1), 60_000);
    await watch.check();
    expect(changes).toBe(0);
    version = 8;
    await watch.check();
    expect(changes).toBe(1);
    await watch.check();
    expect(changes).toBe(1);
    watch.stop();
    version = 9;
    await watch.check();
    expect(changes).toBe(1);
    expect(asked).toBeGreaterThanOrEqual(3);
  });

  it("keeps watching after an error and joins a check already asking", async () => {
    let fail = true;
    let asked = 0;
    mockIPC((cmd) => {
      if (cmd === "book_version") {
        asked += 1;
        if (fail) throw { code: "busy", message: "busy", fields: [] };
        return 3;
      }
    });
    let changes = 0;
    const watch = watchBook(() => (changes += 1), 60_000);
    await watch.check();
    const before = asked;
    fail = false;
    await Promise.all([watch.check(), watch.check()]);
    expect(asked).toBe(before + 1);
    expect(changes).toBe(0);
    watch.stop();
  });

  it("does not reload under a user who is typing or has a dialog open", () => {
    document.body.innerHTML = `<input id="name" /><button id="b">x</button><dialog id="d"></dialog>`;
    (document.getElementById("b") as HTMLButtonElement).focus();
    expect(userIsEditing()).toBe(false);
    (document.getElementById("name") as HTMLInputElement).focus();
    expect(userIsEditing()).toBe(true);
    (document.getElementById("b") as HTMLButtonElement).focus();
    (document.getElementById("d") as HTMLDialogElement).setAttribute("open", "");
    expect(userIsEditing()).toBe(true);
  });

  it("does not reload under a confirmation waiting for an answer", () => {
    document.body.innerHTML = `<button id="b">Restore from backup…</button>`;
    (document.getElementById("b") as HTMLButtonElement).focus();
    expect(userIsEditing()).toBe(false);
    document.body.insertAdjacentHTML(
      "beforeend",
      `<div role="alertdialog"><button>Go back</button><button>Replace the book</button></div>`,
    );
    expect(userIsEditing()).toBe(true);
  });
});

describe("a click's work holds the page", () => {
  it("counts as editing until the work is done, even when it fails", async () => {
    document.body.innerHTML = `<button id="b">Back up now…</button>`;
    (document.getElementById("b") as HTMLButtonElement).focus();
    let finish: () => void = () => {};
    const work = holdingThePage(() => new Promise<void>((r) => (finish = r)));
    expect(userIsEditing()).toBe(true);
    finish();
    await work;
    expect(userIsEditing()).toBe(false);
    await expect(holdingThePage(() => Promise.reject(new Error("disk full")))).rejects.toThrow("disk full");
    expect(userIsEditing()).toBe(false);
  });
});
