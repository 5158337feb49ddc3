import type { Stage } from "./bindings";

export const STAGES: { stage: Stage; label: string; hint: string }[] = [
  { stage: "long_list", label: "Long-list", hint: "Every firm that might fit" },
  { stage: "short_list", label: "Short-list", hint: "Complements us; region and size fit" },
  { stage: "vetting", label: "Vetting", hint: "Due diligence, scorecard, go/no-go" },
  { stage: "negotiating", label: "Negotiating", hint: "Terms of engagement drafted" },
  { stage: "active", label: "Active", hint: "Signed; selling together" },
  { stage: "paused", label: "Paused", hint: "On hold, with a reason" },
  { stage: "ended", label: "Ended", hint: "Left the pipeline, with a reason" },
];

export function stageLabel(stage: Stage): string {
  return STAGES.find((s) => s.stage === stage)?.label ?? stage;
}
