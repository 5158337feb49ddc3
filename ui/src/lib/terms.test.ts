import { describe, expect, it } from "vitest";
import { formatTermValue, readableChange, termLabel } from "./terms";

describe("compared terms read as people write them", () => {
  it("labels fields as the form does, escalation levels by number", () => {
    expect(termLabel("revenue_share.share_bp")).toBe("Share");
    expect(termLabel("revenue_share.ceiling_minor")).toBe("Ceiling per deal");
    expect(termLabel("support.escalation.1.response_hours")).toBe("Escalation level 2: response time");
  });

  it("formats money, shares, dates and periods in the user's locale", () => {
    const c = readableChange({ field: "revenue_share.share_bp", before: "1000", after: "1500" }, "EUR", "en-IE");
    expect(c).toEqual({ label: "Share", before: "10%", after: "15%" });
    expect(formatTermValue("revenue_share.ceiling_minor", "500000", "EUR", "en-IE")).toBe("€5,000.00");
    expect(formatTermValue("revenue_share.ceiling_minor", "500000", "EUR", "de-DE")).toBe("5.000,00\u00a0€");
    expect(formatTermValue("revenue_share.share_bp", "1250", "EUR", "de-DE")).toBe("12,5\u00a0%");
    expect(formatTermValue("term.effective_on", "2027-01-01", "EUR", "en-GB")).toContain("2027");
    expect(formatTermValue("term.months", "1", "EUR", "en-GB")).toBe("1 month");
    expect(formatTermValue("lead_registration.protection_days", "90", "EUR", "en-GB")).toBe("90 days");
    expect(formatTermValue("revenue_share.schedule", "on_customer_payment", "EUR", "en-GB")).toBe("When the customer pays");
    expect(formatTermValue("exclusivity", "true", "EUR", "en-GB")).toBe("Yes");
    expect(formatTermValue("territory", "", "EUR", "en-GB")).toBe("—");
  });
});
