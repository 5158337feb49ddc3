// Another program (the command line, a script, a second Allybook) may write the book while the
// window shows it. SQLite's data_version changes when another connection commits; polling it
// costs one PRAGMA, so the window asks every few seconds and when it regains focus.
import { api } from "./api";

export type BookWatch = {
  /** Asks now (e.g. when the window regains focus); resolves when the answer is in. */
  check: () => Promise<void>;
  stop: () => void;
};

/** Calls `onChange` each time the book's version moves after the first reading. */
export function watchBook(onChange: () => void, intervalMs = 2000): BookWatch {
  let last: number | null = null;
  let inFlight: Promise<void> | null = null;
  let stopped = false;

  function check(): Promise<void> {
    if (stopped) return Promise.resolve();
    // A slow answer (the book busy with an import) is waited for, not asked again.
    inFlight ??= (async () => {
      try {
        const version = await api.bookVersion();
        if (last !== null && version !== last && !stopped) onChange();
        last = version;
      } catch {
        // The book cannot be read right now (it failed to open, or is busy): the page says so
        // when it loads; the next tick asks again.
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  }

  const timer = setInterval(check, intervalMs);
  void check();
  return {
    check,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

let holding = 0;

/** Runs `task` — what one click does: a file dialog, a command, its answer on the page — with
 * the page held: another program's write meanwhile is offered ("Show changes") instead of
 * drawing the page afresh under the answer (which would lose it, or the question it asks). */
export async function holdingThePage<T>(task: () => Promise<T>): Promise<T> {
  holding += 1;
  try {
    return await task();
  } finally {
    holding -= 1;
  }
}

/** True while the user is typing or has a dialog open (a `<dialog>`, the import dialog, a
 * confirmation such as "Replace this book with the backup?"), or a click's work is under way
 * ([`holdingThePage`]): reloading then would lose their input, the question they are
 * answering or the answer they are waiting for. */
export function userIsEditing(doc: Document = document): boolean {
  if (holding > 0) return true;
  if (doc.querySelector("dialog[open], [role=dialog], [role=alertdialog]")) return true;
  const active = doc.activeElement;
  if (!(active instanceof HTMLElement)) return false;
  return active.isContentEditable || active.matches("input, textarea, select");
}
