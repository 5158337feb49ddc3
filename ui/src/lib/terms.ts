// The terms of engagement as people read them: each field's label as the form shows it, and a
// value formatted for the user's locale (money, percentages, dates, periods, choices).
import type { TermChange } from "./bindings";
import { formatCount, formatDate, formatMoney, userLocale } from "./format";

const LABELS: Record<string, string> = {
  "parties.us.name": "Our legal name",
  "parties.us.address": "Our address",
  "parties.us.signatory": "Our signatory",
  "parties.us.title": "Our signatory's title",
  "parties.us.email": "Our notice email",
  "parties.partner.name": "Partner's legal name",
  "parties.partner.address": "Partner's address",
  "parties.partner.signatory": "Partner's signatory",
  "parties.partner.title": "Partner's signatory's title",
  "parties.partner.email": "Partner's notice email",
  relationship_model: "Relationship model",
  exclusivity: "Exclusive",
  territory: "Territory",
  verticals: "Verticals",
  "lead_registration.qualifies": "What qualifies a lead",
  "lead_registration.protection_days": "Lead protection",
  "lead_registration.cap": "Cap (open leads)",
  "lead_registration.conflict_rule": "Conflict rule",
  "customer_ownership.relationship": "Customer relationship owner",
  "customer_ownership.contract": "Customer contract holder",
  "customer_ownership.billing": "Customer billed by",
  "revenue_share.share_bp": "Share",
  "revenue_share.basis": "Share of",
  "revenue_share.floor_minor": "Floor per deal",
  "revenue_share.ceiling_minor": "Ceiling per deal",
  "revenue_share.schedule": "Paid",
  "revenue_share.payment_terms_days": "Payment terms",
  "revenue_share.currency": "Currency",
  "non_solicitation.customers_months": "Non-solicitation of customers",
  "non_solicitation.staff_months": "Non-solicitation of staff",
  "confidentiality.nda_reference": "NDA",
  "confidentiality.years": "Confidential for",
  "confidentiality.dpa_reference": "Data processing agreement",
  "support.first_line": "First-line support",
  "support.second_line": "Second-line support",
  "term.effective_on": "Effective",
  "term.months": "Term",
  "term.auto_renew": "Renews automatically",
  "term.non_renewal_notice_days": "Non-renewal notice",
  "term.termination_notice_days": "Termination notice",
  "term.survives": "Survives termination",
  governing_law: "Governing law",
  courts: "Courts",
};

const CHOICES: Record<string, string> = {
  referral: "Referral", resell: "Resell", subcontract: "Subcontract / white-label", co_sell: "Co-sell",
  first_to_register: "First valid registration wins", existing_relationship: "Existing customer relationship wins",
  joint_decision: "Decided together",
  us: "Us", partner: "Partner", registering_party: "Registering party", shared: "Shared",
  net_revenue: "Net revenue", gross_margin: "Gross margin", first_year_revenue: "First-year revenue",
  recurring_revenue: "Recurring revenue",
  monthly: "Monthly", quarterly: "Quarterly", annually: "Annually", on_customer_payment: "When the customer pays",
};

/** "support.escalation.1.response_hours" → "Escalation level 2: response time". */
export function termLabel(field: string): string {
  if (LABELS[field]) return LABELS[field];
  const esc = /^support\.escalation\.(\d+)\.(\w+)$/.exec(field);
  if (esc) {
    const what = { level: "name", our_contact: "our contact", partner_contact: "their contact", response_hours: "response time" }[esc[2]] ?? esc[2];
    return `Escalation level ${Number(esc[1]) + 1}: ${what}`;
  }
  const sla = /^support\.slas\.(\d+)\.(\w+)$/.exec(field);
  if (sla) return `Service level ${Number(sla[1]) + 1}: ${sla[2] === "name" ? "name" : "target"}`;
  return field;
}

function plural(n: number, one: string, many: string, locale: string): string {
  const rule = new Intl.PluralRules(locale).select(n);
  return `${formatCount(n, locale)} ${rule === "one" ? one : many}`;
}

/** A raw compared value (as the core flattens it) in the user's formats; "—" for empty. */
export function formatTermValue(field: string, raw: string, currency: string, locale = userLocale()): string {
  if (raw === "") return "—";
  const n = /^-?\d+$/.test(raw) ? Number(raw) : null;
  if (field.endsWith("_minor") && n !== null) return formatMoney(n, currency || "EUR", locale);
  if (field.endsWith("share_bp") && n !== null)
    return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(n / 10_000);
  if (field.endsWith("_on") && /^\d{4}-\d{2}-\d{2}$/.test(raw)) return formatDate(raw, locale);
  if (n !== null) {
    if (field.endsWith("_days")) return plural(n, "day", "days", locale);
    if (field.endsWith("months")) return plural(n, "month", "months", locale);
    if (field.endsWith("years")) return plural(n, "year", "years", locale);
    if (field.endsWith("hours")) return plural(n, "hour", "hours", locale);
    return formatCount(n, locale);
  }
  if (raw === "true") return "Yes";
  if (raw === "false") return "No";
  return CHOICES[raw] ?? raw;
}

/** A term change ready to show: label and both values formatted. */
export function readableChange(c: TermChange, currency: string, locale = userLocale()) {
  return {
    label: termLabel(c.field),
    before: formatTermValue(c.field, c.before, currency, locale),
    after: formatTermValue(c.field, c.after, currency, locale),
  };
}
