import { describe, expect, it } from "vitest";
import type { ContractVersion, Terms } from "./bindings";
import { needsDialog, statusDialog, todayIso } from "./status";

function version(effective: string | null): ContractVersion {
  const terms = {
    parties: {
      us: { name: "Alpenwerk IT GmbH", address: "", signatory: "", title: "", email: "" },
      partner: { name: "Fjord Identity AS", address: "", signatory: "", title: "", email: "" },
    },
    term: { effective_on: effective, months: 12, auto_renew: true, non_renewal_notice_days: 90, termination_notice_days: 60, survives: [] },
  } as unknown as Terms;
  return {
    contract_id: 1, prospect_id: 7, title: "Referral agreement", partner: "Fjord Identity AS", version: 2, status: "sent",
    template_version: "standard-2", terms, clauses: { choices: [], custom: [] }, signed_on: null,
    attachment_name: null, attachment_sha256: null, created_at: "2026-11-01T10:00:00Z", created_by: "", effective_on: effective, events: [],
  };
}

describe("status changes of a contract version", () => {
  it("signing, terminating, expiring and activating go through the dialog; sending does not", () => {
    expect(["signed", "terminated", "expired", "active"].every((s) => needsDialog(s as never))).toBe(true);
    expect(needsDialog("sent")).toBe(false);
    expect(needsDialog("draft")).toBe(false);
  });

  it("signing asks for signatories and says when a version without an effective date takes effect", () => {
    const s = statusDialog("signed", version(null));
    expect(s.signing).toBe(true);
    expect(s.needsReason).toBe(false);
    expect(s.explain).toContain("takes effect on the signing date");
    expect(statusDialog("signed", version("2027-01-01")).explain).not.toContain("signing date");
    expect(
      s.summary("2 December 2026", { name: "Lena Huber", role: "Managing Director" }, { name: "Ola Nordmann", role: "CEO" }, ""),
    ).toBe("Signed on 2 December 2026 by Lena Huber (Managing Director) for Alpenwerk IT GmbH and Ola Nordmann (CEO) for Fjord Identity AS.");
  });

  it("terminating needs a reason, is styled as destructive and names the partner", () => {
    const s = statusDialog("terminated", version(null));
    expect(s.needsReason).toBe(true);
    expect(s.danger).toBe(true);
    expect(s.confirmTitle).toBe("Terminate the agreement with Fjord Identity AS?");
    expect(s.summary("1 March 2027", { name: "", role: "" }, { name: "", role: "" }, " Partner left the market ")).toBe(
      "Terminated as of 1 March 2027. Reason: Partner left the market",
    );
  });

  it("today is the local calendar day as a date input holds it", () => {
    expect(todayIso(new Date(2026, 0, 5, 23, 30))).toBe("2026-01-05");
  });
});
