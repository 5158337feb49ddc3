// What each status change of a contract version asks for and says, for StatusDialog.
import type { ContractVersion, Signatory, VersionStatus } from "./bindings";
import { t } from "./i18n.svelte";

/** A version's status in words ("Draft", "Signed", …). */
export function statusLabel(status: VersionStatus | string): string {
  switch (status) {
    case "draft":
    case "sent":
    case "signed":
    case "active":
    case "expired":
    case "terminated":
      return t(`status.${status}`);
    default:
      return status;
  }
}

export type StatusDialogSpec = {
  title: string;
  explain: string;
  dateLabel: string;
  signing: boolean;
  needsReason: boolean;
  confirmTitle: string;
  confirmLabel: string;
  consequence: string;
  danger: boolean;
  summary: (on: string, ours: Signatory, theirs: Signatory, reason: string) => string;
};

/** Today as YYYY-MM-DD in the user's time zone (what a date input holds). */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** The status changes that need the dialog (everything else is a plain, reversible move). */
export function needsDialog(to: VersionStatus): boolean {
  return to === "signed" || to === "terminated" || to === "expired" || to === "active";
}

export function statusDialog(to: VersionStatus, v: ContractVersion): StatusDialogSpec {
  const n = v.version;
  const partner = v.terms.parties.partner.name || v.partner;
  const reasonText = (r: string) => (r.trim() ? ` ${t("status.reason", { reason: r.trim() })}` : "");
  switch (to) {
    case "signed":
      return {
        title: t("status.signed.title", { n }),
        explain: t(v.terms.term.effective_on ? "status.signed.explain" : "status.signed.explain_no_date"),
        dateLabel: t("status.signed.date"),
        signing: true,
        needsReason: false,
        confirmTitle: t("status.signed.confirm_title", { n, partner }),
        confirmLabel: t("status.signed.confirm"),
        consequence: t("status.signed.consequence"),
        danger: false,
        summary: (on, ours, theirs) =>
          t("status.signed.summary", {
            on,
            ours: ours.name.trim(),
            ours_role: ours.role.trim(),
            us: v.terms.parties.us.name || t("status.us"),
            theirs: theirs.name.trim(),
            theirs_role: theirs.role.trim(),
            partner,
          }),
      };
    case "terminated":
      return {
        title: t("status.terminated.title", { n }),
        explain: t("status.terminated.explain", { partner }),
        dateLabel: t("status.terminated.date"),
        signing: false,
        needsReason: true,
        confirmTitle: t("status.terminated.confirm_title", { partner }),
        confirmLabel: t("status.terminated.confirm"),
        consequence: t("status.terminated.consequence"),
        danger: true,
        summary: (on, _o, _t, reason) => `${t("status.terminated.summary", { on })}${reasonText(reason)}`,
      };
    case "expired":
      return {
        title: t("status.expired.title", { n }),
        explain: t("status.expired.explain", { partner }),
        dateLabel: t("status.expired.date"),
        signing: false,
        needsReason: true,
        confirmTitle: t("status.expired.confirm_title", { partner }),
        confirmLabel: t("status.expired.confirm"),
        consequence: t("status.expired.consequence"),
        danger: true,
        summary: (on, _o, _t, reason) => `${t("status.expired.summary", { on })}${reasonText(reason)}`,
      };
    default:
      return {
        title: t("status.other.title", { n, status: to }),
        explain: t("status.other.explain", { n, status: to }),
        dateLabel: t("status.other.date"),
        signing: false,
        needsReason: false,
        confirmTitle: t("status.other.confirm_title", { n, status: to }),
        confirmLabel: t("status.other.confirm", { status: to }),
        consequence: "",
        danger: false,
        summary: (on) => t("status.other.summary", { on }),
      };
  }
}
