//! The referral-fee statement with a partner, as CSV (cells spreadsheet-safe) and as PDF.

use crate::model::error::{Error, Result};
use crate::model::selling::{Side, Statement};
use crate::rules::cells::spreadsheet_safe;

fn amount(minor: i64, currency: &str) -> String {
    crate::model::money::format_amount(minor, crate::model::money::currency_exponent(currency))
}

/// The statement as CSV: one row per deal, then one total row per currency.
pub fn statement_csv(s: &Statement) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::io("cannot write the statement", std::io::Error::other(e));
    w.write_record([
        "closed_on",
        "customer",
        "value",
        "currency",
        "share_percent",
        "contract",
        "version",
        "fee",
        "owed_by",
        "owed_to",
    ])
    .map_err(err)?;
    for l in &s.lines {
        let (by, to) = match l.payer {
            Side::Us => (s.us.as_str(), s.partner.as_str()),
            Side::Partner => (s.partner.as_str(), s.us.as_str()),
        };
        w.write_record(
            [
                l.closed_on.as_str(),
                &l.customer,
                &amount(l.value_minor, &l.currency),
                &l.currency,
                &crate::model::money::percent(l.share_bp).replace(" %", ""),
                &l.contract_id.to_string(),
                &l.version.to_string(),
                &amount(l.fee_minor, &l.currency),
                by,
                to,
            ]
            .map(|c| spreadsheet_safe(c).into_owned()),
        )
        .map_err(err)?;
    }
    for t in &s.totals {
        for (owed, by, to) in [
            (t.we_owe_minor, &s.us, &s.partner),
            (t.partner_owes_minor, &s.partner, &s.us),
        ] {
            if owed > 0 {
                w.write_record(
                    [
                        "total",
                        "",
                        "",
                        &t.currency,
                        "",
                        "",
                        "",
                        &amount(owed, &t.currency),
                        by,
                        to,
                    ]
                    .map(|c| spreadsheet_safe(c).into_owned()),
                )
                .map_err(err)?;
            }
        }
    }
    w.into_inner().map_err(|e| {
        Error::io(
            "cannot write the statement",
            std::io::Error::other(e.to_string()),
        )
    })
}

/// The statement as a PDF through the shared layout layer.
pub fn statement_pdf(s: &Statement, author: &str) -> Result<Vec<u8>> {
    use crate::render::pdf::{Layout, Meta, Weight};
    let mut doc = Layout::new(Meta {
        title: format!(
            "Referral-fee statement — {} — {} to {}",
            s.partner, s.from, s.to
        ),
        author: author.to_string(),
        subject: format!("Fees between {} and {}", s.us, s.partner),
        header: format!("Referral-fee statement — {} and {}", s.us, s.partner),
        footer: format!("{} to {}", s.from, s.to),
        draft: false,
    })?;
    doc.title(
        "Referral-fee statement",
        &format!("{} and {} · {} to {}", s.us, s.partner, s.from, s.to),
    );
    doc.heading("What is owed", 60.0);
    if s.totals.is_empty() {
        doc.paragraph("No fee is owed for this period.", Weight::Regular, false);
    }
    for t in &s.totals {
        if t.we_owe_minor > 0 {
            doc.paragraph(
                &format!(
                    "{} owes {} {}.",
                    s.us,
                    s.partner,
                    crate::model::money::money(t.we_owe_minor, &t.currency)
                ),
                Weight::Bold,
                false,
            );
        }
        if t.partner_owes_minor > 0 {
            doc.paragraph(
                &format!(
                    "{} owes {} {}.",
                    s.partner,
                    s.us,
                    crate::model::money::money(t.partner_owes_minor, &t.currency)
                ),
                Weight::Bold,
                false,
            );
        }
    }
    doc.heading("Won deals", 60.0);
    if s.lines.is_empty() {
        doc.paragraph(
            "No deal with this partner was won in the period.",
            Weight::Regular,
            true,
        );
    } else {
        let rows: Vec<Vec<String>> = s
            .lines
            .iter()
            .map(|l| {
                vec![
                    l.closed_on.clone(),
                    l.customer.clone(),
                    crate::model::money::money(l.value_minor, &l.currency),
                    format!(
                        "{} (v{})",
                        crate::model::money::percent(l.share_bp),
                        l.version
                    ),
                    crate::model::money::money(l.fee_minor, &l.currency),
                    match l.payer {
                        Side::Us => format!("{} → {}", s.us, s.partner),
                        Side::Partner => format!("{} → {}", s.partner, s.us),
                    },
                ]
            })
            .collect();
        doc.table(
            &["Closed", "Customer", "Value", "Share", "Fee", "Owed"],
            &[1.1, 1.5, 1.3, 0.9, 1.2, 1.7],
            &rows,
        );
    }
    if !s.without_terms.is_empty() {
        doc.paragraph(
            &format!(
                "Won without an agreement in force on the close date (no fee computed): {}.",
                s.without_terms.join("; ")
            ),
            Weight::Regular,
            true,
        );
    }
    doc.heading("Rounding", 30.0);
    doc.paragraph(&s.rounding, Weight::Regular, true);
    doc.finish()
}
