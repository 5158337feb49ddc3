// The terms of engagement as people read them: each field's label as the form shows it, and a
// value formatted for the user's locale (money, percentages, dates, periods, choices).
import type { TermChange } from "./bindings";
import { formatCount, formatDate, formatMoney, userLocale } from "./format";
import { t, type MessageKey } from "./i18n.svelte";

/** The fields the form and the comparison name; each one's words are the message `term.<field>`. */
const FIELDS = new Set([
  "parties.us.name",
  "parties.us.address",
  "parties.us.signatory",
  "parties.us.title",
  "parties.us.email",
  "parties.partner.name",
  "parties.partner.address",
  "parties.partner.signatory",
  "parties.partner.title",
  "parties.partner.email",
  "relationship_model",
  "exclusivity",
  "territory",
  "verticals",
  "lead_registration.qualifies",
  "lead_registration.protection_days",
  "lead_registration.cap",
  "lead_registration.conflict_rule",
  "customer_ownership.relationship",
  "customer_ownership.contract",
  "customer_ownership.billing",
  "revenue_share.share_bp",
  "revenue_share.basis",
  "revenue_share.floor_minor",
  "revenue_share.ceiling_minor",
  "revenue_share.schedule",
  "revenue_share.payment_terms_days",
  "revenue_share.currency",
  "non_solicitation.customers_months",
  "non_solicitation.staff_months",
  "confidentiality.nda_reference",
  "confidentiality.years",
  "confidentiality.dpa_reference",
  "support.first_line",
  "support.second_line",
  "term.effective_on",
  "term.months",
  "term.auto_renew",
  "term.non_renewal_notice_days",
  "term.termination_notice_days",
  "term.survives",
  "governing_law",
  "courts",
]);

/** The choices a term may take; each one's words are the message `value.<choice>`. */
const CHOICES = new Set([
  "referral",
  "resell",
  "subcontract",
  "co_sell",
  "first_to_register",
  "existing_relationship",
  "joint_decision",
  "us",
  "partner",
  "registering_party",
  "shared",
  "net_revenue",
  "gross_margin",
  "first_year_revenue",
  "recurring_revenue",
  "monthly",
  "quarterly",
  "annually",
  "on_customer_payment",
]);

/** "support.escalation.1.response_hours" → "Escalation level 2: response time". */
export function termLabel(field: string): string {
  if (FIELDS.has(field)) return t(`term.${field}` as MessageKey);
  const esc = /^support\.escalation\.(\d+)\.(\w+)$/.exec(field);
  if (esc) return t("term.escalation", { n: Number(esc[1]) + 1, what: esc[2] });
  const sla = /^support\.slas\.(\d+)\.(\w+)$/.exec(field);
  if (sla) return t("term.sla", { n: Number(sla[1]) + 1, what: sla[2] });
  return field;
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
    if (field.endsWith("_days")) return t("unit.days", { n });
    if (field.endsWith("months")) return t("unit.months", { n });
    if (field.endsWith("years")) return t("unit.years", { n });
    if (field.endsWith("hours")) return t("unit.hours", { n });
    return formatCount(n, locale);
  }
  if (raw === "true") return t("common.yes");
  if (raw === "false") return t("common.no");
  return CHOICES.has(raw) ? t(`value.${raw}` as MessageKey) : raw;
}

/** A term change ready to show: label and both values formatted. */
export function readableChange(c: TermChange, currency: string, locale = userLocale()) {
  return {
    label: termLabel(c.field),
    before: formatTermValue(c.field, c.before, currency, locale),
    after: formatTermValue(c.field, c.after, currency, locale),
  };
}
