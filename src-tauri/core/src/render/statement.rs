//! The referral-fee statement with a partner, as CSV (cells spreadsheet-safe) and as PDF.

use crate::model::error::{Error, Result};
use crate::model::selling::{Side, Statement};
use crate::model::words::{Arg, DocLanguage, Words};
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

/// The statement as a PDF through the shared layout layer, in English.
pub fn statement_pdf(s: &Statement, author: &str) -> Result<Vec<u8>> {
    statement_pdf_in(s, author, &Words::new(DocLanguage::En))
}

/// The statement as a PDF in the language of `w`: its words, dates and amounts.
pub fn statement_pdf_in(s: &Statement, author: &str, w: &Words) -> Result<Vec<u8>> {
    use crate::render::pdf::{Layout, Meta, Weight};
    let (from, to) = (w.date(&s.from), w.date(&s.to));
    let t = |k: &str| w.get(k, &[]);
    let names = [
        ("us", Arg::Text(&s.us)),
        ("partner", Arg::Text(&s.partner)),
        ("from", Arg::Text(&from)),
        ("to", Arg::Text(&to)),
    ];
    let mut doc = Layout::new(Meta {
        title: w.get("statement-meta-title", &names),
        author: author.to_string(),
        subject: w.get("statement-meta-subject", &names),
        header: w.get("statement-header", &names),
        footer: w.get("statement-period", &names),
        draft: false,
        lang: w.language(),
    })?;
    doc.title(&t("statement-title"), &w.get("statement-subtitle", &names));
    doc.heading(&t("statement-owed"), 60.0);
    if s.totals.is_empty() {
        doc.paragraph(&t("statement-nothing-owed"), Weight::Regular, false);
    }
    for total in &s.totals {
        for (owed, payer, payee) in [
            (total.we_owe_minor, &s.us, &s.partner),
            (total.partner_owes_minor, &s.partner, &s.us),
        ] {
            if owed > 0 {
                let amount = w.money(owed, &total.currency);
                doc.paragraph(
                    &w.get(
                        "statement-owes",
                        &[
                            ("payer", Arg::Text(payer)),
                            ("payee", Arg::Text(payee)),
                            ("amount", Arg::Text(&amount)),
                        ],
                    ),
                    Weight::Bold,
                    false,
                );
            }
        }
    }
    doc.heading(&t("statement-deals"), 60.0);
    if s.lines.is_empty() {
        doc.paragraph(&t("statement-no-deals"), Weight::Regular, true);
    } else {
        let rows: Vec<Vec<String>> = s
            .lines
            .iter()
            .map(|l| {
                vec![
                    w.date(&l.closed_on),
                    l.customer.clone(),
                    w.money(l.value_minor, &l.currency),
                    format!("{} (v{})", w.percent(l.share_bp), l.version),
                    w.money(l.fee_minor, &l.currency),
                    match l.payer {
                        Side::Us => format!("{} → {}", s.us, s.partner),
                        Side::Partner => format!("{} → {}", s.partner, s.us),
                    },
                ]
            })
            .collect();
        let head = [
            "statement-col-closed",
            "statement-col-customer",
            "statement-col-value",
            "statement-col-share",
            "statement-col-fee",
            "statement-col-owed",
        ]
        .map(t);
        let head: Vec<&str> = head.iter().map(String::as_str).collect();
        doc.table(&head, &[1.1, 1.5, 1.3, 0.9, 1.2, 1.7], &rows);
    }
    if !s.without_terms.is_empty() {
        doc.paragraph(
            &w.get(
                "statement-without-terms",
                &[("deals", Arg::Text(&s.without_terms.join("; ")))],
            ),
            Weight::Regular,
            true,
        );
    }
    doc.heading(&t("statement-rounding-heading"), 30.0);
    doc.paragraph(&t("statement-rounding"), Weight::Regular, true);
    doc.finish()
}
