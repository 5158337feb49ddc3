// A large import indexes its new prospects for search after it returns (the core's
// search::catch_up_step). The window drives that catch-up one short step at a time, so its own
// commands interleave, and shows how many prospects are still being indexed.
import { api } from "./api";

export const indexing = $state({ pending: 0, failed: null as string | null });

let running: Promise<void> | null = null;

/** Runs the catch-up until nothing is pending (one at a time; a second call joins the first). */
export function catchUp(): Promise<void> {
  running ??= (async () => {
    try {
      let status = await api.searchStatus();
      indexing.pending = status.pending;
      while (status.pending > 0) {
        status = await api.searchCatchUp();
        indexing.pending = status.pending;
        // Let the page's own commands and repaints in between steps.
        await new Promise((r) => setTimeout(r, 0));
      }
      indexing.failed = null;
    } catch (e) {
      // Search still finds the new prospects (more slowly); the next start resumes.
      indexing.failed = e instanceof Object && "message" in e ? String(e.message) : String(e);
    } finally {
      running = null;
    }
  })();
  return running;
}
