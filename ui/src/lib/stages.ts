import type { Stage } from "./bindings";
import { t } from "./i18n.svelte";

/** A stage's words, read when shown: they follow the language chosen in Settings. */
function stage(stage: Stage): { stage: Stage; label: string; hint: string } {
  return {
    stage,
    get label() {
      return t(`stage.${stage}`);
    },
    get hint() {
      return t(`stage.${stage}.hint`);
    },
  };
}

export const STAGES: { stage: Stage; label: string; hint: string }[] = [
  stage("long_list"),
  stage("short_list"),
  stage("vetting"),
  stage("negotiating"),
  stage("active"),
  stage("paused"),
  stage("ended"),
];

export function stageLabel(stage: Stage): string {
  return STAGES.find((s) => s.stage === stage)?.label ?? stage;
}
