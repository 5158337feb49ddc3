// What each status change of a contract version asks for and says, for StatusDialog.
import type { ContractVersion, Signatory, VersionStatus } from "./bindings";

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
  const reasonText = (r: string) => (r.trim() ? ` Reason: ${r.trim()}` : "");
  switch (to) {
    case "signed":
      return {
        title: `Mark version ${n} signed`,
        explain: `Record the day both parties signed and who signed for each. The version is then frozen${v.terms.term.effective_on ? "" : "; as its terms give no effective date, it takes effect on the signing date"}.`,
        dateLabel: "Signed on",
        signing: true,
        needsReason: false,
        confirmTitle: `Sign version ${n} with ${partner}?`,
        confirmLabel: "Mark signed",
        consequence: "A signed version cannot be edited: changes start a new draft. Its revenue share and lead protection apply from its effective date.",
        danger: false,
        summary: (on, ours, theirs) =>
          `Signed on ${on} by ${ours.name.trim()} (${ours.role.trim()}) for ${v.terms.parties.us.name || "us"} and ${theirs.name.trim()} (${theirs.role.trim()}) for ${partner}.`,
      };
    case "terminated":
      return {
        title: `Terminate version ${n}`,
        explain: `Record the day the agreement with ${partner} ends and why. Deals already won keep the share in force when they closed.`,
        dateLabel: "Ends on",
        signing: false,
        needsReason: true,
        confirmTitle: `Terminate the agreement with ${partner}?`,
        confirmLabel: "Terminate agreement",
        consequence: "Termination is recorded and cannot be undone; a new agreement needs a new version signed.",
        danger: true,
        summary: (on, _o, _t, reason) => `Terminated as of ${on}.${reasonText(reason)}`,
      };
    case "expired":
      return {
        title: `Mark version ${n} expired`,
        explain: `Record the day the agreement with ${partner} ran out and why it was not renewed.`,
        dateLabel: "Expired on",
        signing: false,
        needsReason: true,
        confirmTitle: `Mark the agreement with ${partner} expired?`,
        confirmLabel: "Mark expired",
        consequence: "Expiry is recorded and cannot be undone.",
        danger: true,
        summary: (on, _o, _t, reason) => `Expired on ${on}.${reasonText(reason)}`,
      };
    default:
      return {
        title: `Mark version ${n} ${to}`,
        explain: `Record the day version ${n} became ${to}.`,
        dateLabel: "On",
        signing: false,
        needsReason: false,
        confirmTitle: `Mark version ${n} ${to}?`,
        confirmLabel: `Mark ${to}`,
        consequence: "",
        danger: false,
        summary: (on) => `As of ${on}.`,
      };
  }
}
