//! The words and formats of the documents Allybook writes, in the book's language: messages in
//! Project Fluent files (`core/locales/<language>/documents.ftl`, embedded), dates with chrono's
//! localized month names, amounts and shares with the language's separators. The window has its
//! own messages (`ui/src/locales`); the CLI's own output stays English.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::money::{currency_exponent, format_amount};

/// A language documents can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum DocLanguage {
    #[default]
    En,
    De,
}

impl DocLanguage {
    pub const ALL: [DocLanguage; 2] = [DocLanguage::En, DocLanguage::De];

    pub fn code(self) -> &'static str {
        match self {
            DocLanguage::En => "en",
            DocLanguage::De => "de",
        }
    }

    /// "de", "de-AT", "de_DE.UTF-8" → German; anything else → English.
    pub fn parse(s: &str) -> DocLanguage {
        match s.trim().get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("de") => DocLanguage::De,
            _ => DocLanguage::En,
        }
    }

    /// The language's messages: the documents' words, then what the core says about input.
    fn source(self) -> &'static str {
        match self {
            DocLanguage::En => concat!(
                include_str!("../../locales/en/documents.ftl"),
                "\n",
                include_str!("../../locales/en/messages.ftl")
            ),
            DocLanguage::De => concat!(
                include_str!("../../locales/de/documents.ftl"),
                "\n",
                include_str!("../../locales/de/messages.ftl")
            ),
        }
    }
}

/// A sentence the core says, as a message key and its arguments, so that the window and the
/// documents can each say it in their own language (`guidance.checklist_open` is
/// `guidance.checklist_open` in `ui/src/locales/*.json` and `guidance-checklist_open` in the
/// documents' Fluent files). Arguments are text, by name: `stage` and `next` are a stage's code,
/// `date` an ISO day, `list` a list of items with their evidence (`rules::fit::LIST_ITEM`), and
/// `n`, `left`, `total`, `open`, `employees`, `our_employees`, `expired`, `score`, `days` whole
/// numbers; any other is said as written.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct Phrase {
    pub key: String,
    pub args: BTreeMap<String, String>,
}

impl Phrase {
    pub fn new(key: &str, args: &[(&str, String)]) -> Phrase {
        Phrase {
            key: key.to_string(),
            args: args
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect(),
        }
    }

    /// The sentence in English (what the CLI and `--json` say).
    pub fn english(&self) -> String {
        ENGLISH.with(|w| w.phrase(self))
    }
}

/// Separators of a phrase's `list` argument: between items, between an item and its evidence,
/// between the evidence's words and the field they were found in. Control characters no user
/// types (the window splits on the same, `ui/src/lib/phrase.ts`).
pub const LIST_ITEM: char = '\u{1f}';
pub const ITEM_PART: char = '\u{1e}';
pub const EVIDENCE_SOURCE: char = '\u{1d}';

/// The phrase arguments that are whole numbers (plural rules choose by them).
const NUMBERS: [&str; 11] = [
    "n",
    "left",
    "total",
    "open",
    "employees",
    "our_employees",
    "expired",
    "score",
    "days",
    "max",
    "months",
];

thread_local! {
    static ENGLISH: Words = Words::new(DocLanguage::En);
}

/// One document's words: its language's messages and formats.
pub struct Words {
    lang: DocLanguage,
    bundle: FluentBundle<FluentResource>,
}

/// An argument for a message: text, or a number (plural rules choose by it).
pub enum Arg<'a> {
    Text(&'a str),
    Number(i64),
}

impl Words {
    pub fn new(lang: DocLanguage) -> Words {
        let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new(vec![id]);
        // No Unicode isolation marks: a PDF font would draw them as boxes.
        bundle.set_use_isolating(false);
        // The files are ours and embedded; a syntax error in one is caught by the tests, and
        // the entries it does parse are still used.
        let res = FluentResource::try_new(lang.source().to_string()).unwrap_or_else(|(r, _)| r);
        let _ = bundle.add_resource(res);
        Words { lang, bundle }
    }

    pub fn language(&self) -> DocLanguage {
        self.lang
    }

    /// The message `id` with its arguments; the id itself when the message is missing (a test
    /// makes sure none is).
    pub fn get(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut fa = FluentArgs::new();
        for (k, v) in args {
            match v {
                Arg::Text(s) => fa.set(*k, FluentValue::from(*s)),
                Arg::Number(n) => fa.set(*k, FluentValue::from(*n)),
            }
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fa), &mut errors)
            .into_owned()
    }

    /// A phrase in this language: its arguments said the way the language says stages, days and
    /// numbers. A key without a message gives the key (a test makes sure none is missing).
    pub fn phrase(&self, p: &Phrase) -> String {
        let id = p.key.replace('.', "-");
        let said: Vec<(&str, String, Option<i64>)> = p
            .args
            .iter()
            .map(|(k, v)| {
                let k = k.as_str();
                match k {
                    "stage" | "next" => (k, self.stage(v), None),
                    "date" | "expires_on" => (k, self.date(v), None),
                    "list" => (k, self.list(v), None),
                    _ if NUMBERS.contains(&k) => (k, v.clone(), v.parse().ok()),
                    _ => (k, v.clone(), None),
                }
            })
            .collect();
        let args: Vec<(&str, Arg)> = said
            .iter()
            .map(|(k, text, number)| {
                (
                    *k,
                    match number {
                        Some(n) => Arg::Number(*n),
                        None => Arg::Text(text),
                    },
                )
            })
            .collect();
        self.get(&id, &args)
    }

    /// A phrase's list argument: items, each with the words and field that show it
    /// ("Cisco networking („Meraki“ in der Beschreibung)"), joined with commas.
    fn list(&self, encoded: &str) -> String {
        encoded
            .split(LIST_ITEM)
            .map(|item| {
                let mut parts = item.split(ITEM_PART);
                let label = parts.next().unwrap_or_default().to_string();
                let why: Vec<String> = parts
                    .map(|part| {
                        let (words, source) =
                            part.split_once(EVIDENCE_SOURCE).unwrap_or((part, ""));
                        let field = self.get(&format!("fit-source-{source}"), &[]);
                        self.get(
                            "fit-evidence",
                            &[("words", Arg::Text(words)), ("source", Arg::Text(&field))],
                        )
                    })
                    .collect();
                if why.is_empty() {
                    label
                } else {
                    format!("{label} ({})", why.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A stage by its code ("vetting"), as this language names it.
    pub fn stage(&self, code: &str) -> String {
        let id = format!("stage-{code}");
        match self.bundle.get_message(&id) {
            Some(_) => self.get(&id, &[]),
            None => code.to_string(),
        }
    }

    /// Every message id of a language's file (for the test that all languages have them all).
    pub fn ids(lang: DocLanguage) -> Vec<String> {
        lang.source()
            .lines()
            .filter(|l| !l.starts_with(['#', ' ', '\t']) && l.contains(" ="))
            .filter_map(|l| l.split(" =").next().map(|id| id.trim().to_string()))
            .collect()
    }

    /// A day as the language writes it in a document: "14 October 2026", "14.10.2026". A text
    /// that is not an ISO day is returned as it is.
    pub fn date(&self, iso: &str) -> String {
        self.day(iso, "%-d %B %Y")
    }

    /// A day as a table cell holds it: "14 Oct 2026", "14.10.2026".
    pub fn short_date(&self, iso: &str) -> String {
        self.day(iso, "%-d %b %Y")
    }

    /// An ISO day (or the day of an ISO time) in English with `english`, in German always
    /// "14.10.2026"; any other text as it is.
    fn day(&self, iso: &str, english: &str) -> String {
        let Ok(d) = NaiveDate::parse_from_str(iso.get(..10).unwrap_or(iso), "%Y-%m-%d") else {
            return iso.to_string();
        };
        match self.lang {
            DocLanguage::En => d.format_localized(english, chrono::Locale::en_GB),
            DocLanguage::De => d.format_localized("%d.%m.%Y", chrono::Locale::de_DE),
        }
        .to_string()
    }

    fn separators(&self) -> (char, char) {
        match self.lang {
            DocLanguage::En => ('.', ','),
            DocLanguage::De => (',', '.'),
        }
    }

    /// Minor units as an amount with its currency code: "120,000.00 EUR", "120.000,00 EUR".
    pub fn money(&self, minor: i64, currency: &str) -> String {
        let (decimal, group) = self.separators();
        let plain = format_amount(minor, currency_exponent(currency));
        let (sign, digits) = plain
            .strip_prefix('-')
            .map_or(("", plain.as_str()), |d| ("-", d));
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let mut grouped = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(group);
            }
            grouped.push(c);
        }
        if frac.is_empty() {
            format!("{sign}{grouped} {currency}")
        } else {
            format!("{sign}{grouped}{decimal}{frac} {currency}")
        }
    }

    /// A whole number with the language's grouping: "12,000", "12.000".
    pub fn number(&self, n: i64) -> String {
        self.money(n, "JPY").trim_end_matches(" JPY").to_string()
    }

    /// A decimal written with a full stop ("+12.5"), with the language's decimal mark.
    pub fn decimal(&self, plain: &str) -> String {
        let (decimal, _) = self.separators();
        plain.replace('.', &decimal.to_string())
    }

    /// A response time in hours: "4 h".
    pub fn hours(&self, h: i64) -> String {
        format!("{} h", self.number(h))
    }

    /// Basis points as a share: "12.5 %", "12,5 %".
    pub fn percent(&self, bp: i64) -> String {
        let (decimal, _) = self.separators();
        crate::model::money::percent(bp).replace('.', &decimal.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_message_and_its_file_parses() {
        let english = Words::ids(DocLanguage::En);
        assert!(english.len() > 10, "{english:?}");
        for lang in DocLanguage::ALL {
            assert!(
                FluentResource::try_new(lang.source().to_string()).is_ok(),
                "{} does not parse",
                lang.code()
            );
            let mut mine = Words::ids(lang);
            let mut theirs = english.clone();
            mine.sort();
            theirs.sort();
            assert_eq!(mine, theirs, "{} lacks or adds messages", lang.code());
            let w = Words::new(lang);
            for id in &english {
                assert_ne!(w.get(id, &[]), *id, "{} has no {id}", lang.code());
            }
        }
    }

    #[test]
    fn dates_and_amounts_as_each_language_writes_them() {
        let de = Words::new(DocLanguage::De);
        assert_eq!(de.date("2026-10-14"), "14.10.2026");
        assert_eq!(de.money(12_000_000, "EUR"), "120.000,00 EUR");
        assert_eq!(de.money(-50, "EUR"), "-0,50 EUR");
        assert_eq!(de.money(1234, "JPY"), "1.234 JPY");
        assert_eq!(de.percent(1250), "12,5 %");
        let en = Words::new(DocLanguage::En);
        assert_eq!(en.date("2026-10-14"), "14 October 2026");
        assert_eq!(en.date("soon"), "soon");
        assert_eq!(en.short_date("2026-10-04T09:30:00Z"), "4 Oct 2026");
        assert_eq!(de.short_date("2026-10-04"), "04.10.2026");
        assert_eq!(de.number(12_000), "12.000");
        assert_eq!(en.number(-1_234_567), "-1,234,567");
        assert_eq!(en.money(12_000_000, "EUR"), "120,000.00 EUR");
        assert_eq!(en.percent(1250), "12.5 %");
        assert_eq!(
            de.get(
                "statement-owes",
                &[
                    ("payer", Arg::Text("Keystone")),
                    ("payee", Arg::Text("Atlas")),
                    ("amount", Arg::Text("5.480,00 EUR"))
                ]
            ),
            "Keystone schuldet Atlas 5.480,00 EUR."
        );
        assert_eq!(DocLanguage::parse("de_AT.UTF-8"), DocLanguage::De);
        assert_eq!(DocLanguage::parse("fr"), DocLanguage::En);
    }
}
