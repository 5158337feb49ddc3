// The OS's open and save dialogs, for the book's own files (backups, other books, folders).
// End-to-end tests cannot drive a native dialog through WebDriver (and Tauri's IPC in the page
// cannot be wrapped): a scenario sets `window.__allybookDialogAnswer` to the path the user
// would have chosen, and the dialog is skipped. Nothing else sets it.
import { open, save, type OpenDialogOptions, type SaveDialogOptions } from "@tauri-apps/plugin-dialog";

declare global {
  interface Window {
    __allybookDialogAnswer?: string | null;
  }
}

function scripted(): string | null | undefined {
  return typeof window === "undefined" ? undefined : window.__allybookDialogAnswer;
}

/** A path to write, or null when the user cancelled. */
export async function chooseSavePath(options: SaveDialogOptions): Promise<string | null> {
  const answer = scripted();
  if (answer !== undefined) return answer;
  return save(options);
}

/** One existing file or folder, or null when the user cancelled. */
export async function chooseOpenPath(options: OpenDialogOptions): Promise<string | null> {
  const answer = scripted();
  if (answer !== undefined) return answer;
  const picked = await open({ ...options, multiple: false });
  return typeof picked === "string" ? picked : null;
}
