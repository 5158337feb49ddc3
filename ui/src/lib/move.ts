// Moving a prospect through the pipeline: try the move; when the stage gate has open items or a
// reason is missing, say what the user must confirm or fill in.
import { api, asApiError } from "./api";
import type { ApiError, MoveOutcome, MoveRequest, Stage } from "./bindings";

export type MoveAttempt =
  | { kind: "moved"; outcome: MoveOutcome }
  | { kind: "confirm"; items: string[] }
  | { kind: "reason"; message: string }
  | { kind: "error"; error: ApiError };

export const needsReason = (to: Stage) => to === "paused" || to === "ended";

export async function tryMove(req: MoveRequest): Promise<MoveAttempt> {
  try {
    return { kind: "moved", outcome: await api.moveProspect(req) };
  } catch (e) {
    const err = asApiError(e);
    if (err.code === "gate_open")
      return { kind: "confirm", items: err.fields.filter((f) => f.field === "open_item").map((f) => f.message) };
    if (err.code === "invalid_input" && err.fields.some((f) => f.field === "reason"))
      return { kind: "reason", message: err.fields.find((f) => f.field === "reason")!.message };
    return { kind: "error", error: err };
  }
}

/** The neighbouring main-line stage, for keyboard moves on the board (Shift+←/→). */
export function neighbour(stage: Stage, step: 1 | -1): Stage | null {
  const line: Stage[] = ["long_list", "short_list", "vetting", "negotiating", "active"];
  const i = line.indexOf(stage);
  if (i < 0) return null;
  return line[i + step] ?? null;
}
