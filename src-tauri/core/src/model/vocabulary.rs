//! What a firm does, read from the words people write: "24/7 SOC and MDR", "Veeam Gold",
//! "Cisco Gold integrator, SD-WAN". The concepts and their aliases live in
//! `assets/data/vocabulary.json` (compiled in); a concept can imply broader ones (Meraki → Cisco →
//! networking). Matching is by whole words after folding case and accents, longest first.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use crate::model::normalize;

#[derive(Deserialize)]
struct File {
    concepts: Vec<ConceptDef>,
}

#[derive(Deserialize)]
struct ConceptDef {
    id: String,
    label: String,
    aliases: Vec<String>,
    #[serde(default)]
    implies: Vec<String>,
}

struct Vocabulary {
    labels: Vec<String>,
    implies: Vec<Vec<usize>>,
    /// pattern index → concept index
    concept_of: Vec<usize>,
    matcher: Option<AhoCorasick>,
}

fn build() -> Vocabulary {
    let file: File = serde_json::from_str(include_str!("../../../../assets/data/vocabulary.json"))
        .unwrap_or(File {
            concepts: Vec::new(),
        });
    let ids: Vec<String> = file.concepts.iter().map(|c| c.id.clone()).collect();
    let mut patterns = Vec::new();
    let mut concept_of = Vec::new();
    for (i, c) in file.concepts.iter().enumerate() {
        for a in c.aliases.iter().chain(std::iter::once(&c.label)) {
            let f = normalize::fold(a);
            if !f.is_empty() {
                patterns.push(format!(" {f}"));
                concept_of.push(i);
            }
        }
    }
    let implies = file
        .concepts
        .iter()
        .map(|c| {
            c.implies
                .iter()
                .filter_map(|id| ids.iter().position(|x| x == id))
                .collect()
        })
        .collect();
    let matcher = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .ok();
    Vocabulary {
        labels: file.concepts.into_iter().map(|c| c.label).collect(),
        implies,
        concept_of,
        matcher,
    }
}

fn vocabulary() -> &'static Vocabulary {
    static V: LazyLock<Vocabulary> = LazyLock::new(build);
    &V
}

/// A concept found in a text, and the words that named it there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub concept: usize,
    /// The words as folded ("soc", "veeam").
    pub words: String,
}

/// `normalize::fold` of `text` between two spaces into `folded`, and for each byte of it the
/// byte offset in `text` of the character it came from (`origin`; a space between words points
/// at the next word). Buffers are reused: an import folds every row's description.
fn fold_with_origin(text: &str, folded: &mut String, origin: &mut Vec<u32>) {
    folded.clear();
    origin.clear();
    folded.push(' ');
    origin.push(0);
    let mut pending_space = false;
    for (i, ch) in text.char_indices() {
        for c in normalize::fold_char(ch) {
            if !c.is_alphanumeric() {
                pending_space = folded.len() > 1;
                continue;
            }
            if pending_space && !folded.ends_with(' ') {
                folded.push(' ');
                origin.push(i as u32);
            }
            pending_space = false;
            origin.extend(std::iter::repeat_n(i as u32, c.len_utf8()));
            folded.push(c);
        }
    }
    folded.push(' ');
    origin.push(text.len() as u32);
}

/// The end of the character of `text` that starts at byte `at`.
fn char_end(text: &str, at: usize) -> usize {
    at + text[at..].chars().next().map_or(0, char::len_utf8)
}

/// The concepts a text names directly, longest phrase first where two overlap.
pub fn find(text: &str) -> Vec<Hit> {
    thread_local! {
        static BUFFERS: std::cell::RefCell<(String, Vec<u32>)> =
            const { std::cell::RefCell::new((String::new(), Vec::new())) };
    }
    let v = vocabulary();
    let Some(m) = &v.matcher else {
        return Vec::new();
    };
    if text.len() > u32::MAX as usize {
        return Vec::new();
    }
    BUFFERS.with(|b| {
        let (folded, origin) = &mut *b.borrow_mut();
        fold_with_origin(text, folded, origin);
        let mut out: Vec<Hit> = Vec::new();
        // Patterns start at a space; a match must also end at one (whole words).
        // Leftmost-longest: "ot security" wins over "ot" and "security".
        for x in m.find_iter(folded.as_str()) {
            let (s, e, c) = (x.start(), x.end(), v.concept_of[x.pattern().as_usize()]);
            if folded.as_bytes().get(e) != Some(&b' ') || out.iter().any(|h| h.concept == c) {
                continue;
            }
            // The words as the text has them ("24/7 SOC"), not as folded ("24 7 soc").
            let (from, last) = (origin[s + 1] as usize, origin[e - 1] as usize);
            out.push(Hit {
                concept: c,
                words: text[from..char_end(text, last)].to_string(),
            });
        }
        out
    })
}

/// The concepts named directly in `text`, without what they imply. Remembered per thread: a
/// profile's gaps and offerings are asked for with every row an import scores.
pub fn concepts(text: &str) -> BTreeSet<usize> {
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashMap<String, BTreeSet<usize>>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        if let Some(c) = seen.get(text) {
            return c.clone();
        }
        let c: BTreeSet<usize> = find(text).into_iter().map(|h| h.concept).collect();
        if seen.len() < 1024 {
            seen.insert(text.to_string(), c.clone());
        }
        c
    })
}

/// Evidence of what a firm does: each concept (with what it implies) and the words and field
/// that named it first.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    found: BTreeMap<usize, (String, &'static str)>,
}

impl Evidence {
    /// Reads `text` (from the field called `source`) into the evidence.
    pub fn read(&mut self, text: &str, source: &'static str) {
        if text.trim().is_empty() {
            return;
        }
        let v = vocabulary();
        for hit in find(text) {
            let mut stack = vec![hit.concept];
            while let Some(c) = stack.pop() {
                if self.found.contains_key(&c) {
                    continue;
                }
                self.found.insert(c, (hit.words.clone(), source));
                stack.extend(v.implies[c].iter().copied());
            }
        }
    }

    /// Whether the firm shows every one of `wanted`; `None` when `wanted` is empty.
    pub fn covers(&self, wanted: &BTreeSet<usize>) -> Option<bool> {
        (!wanted.is_empty()).then(|| wanted.iter().all(|c| self.found.contains_key(c)))
    }

    /// The words and the field that show each concept of `wanted`, once per distinct pair.
    pub fn found_for(&self, wanted: &BTreeSet<usize>) -> Vec<(String, &'static str)> {
        let mut parts: Vec<(String, &'static str)> = Vec::new();
        for c in wanted {
            if let Some((words, source)) = self.found.get(c) {
                if !parts.iter().any(|(w, s)| w == words && s == source) {
                    parts.push((words.clone(), source));
                }
            }
        }
        parts
    }
}

/// A concept's label ("Managed detection and response").
pub fn label(concept: usize) -> &'static str {
    vocabulary()
        .labels
        .get(concept)
        .map(String::as_str)
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<&'static str> {
        find(text).iter().map(|h| label(h.concept)).collect()
    }

    #[test]
    fn words_name_concepts_as_whole_words_longest_first() {
        assert_eq!(
            labels("24/7 SOC and MDR for SMEs"),
            vec!["Managed detection and response"]
        );
        assert_eq!(labels("OT security for plants"), vec!["OT security"]);
        assert_eq!(
            labels("Modern Workplace und Backup für den Mittelstand"),
            vec!["Microsoft 365", "Backup and disaster recovery"]
        );
        assert!(
            labels("Socrates Consulting").is_empty(),
            "no word inside a word"
        );
        assert!(labels("").is_empty());
    }

    #[test]
    fn evidence_follows_implications_and_says_which_words() {
        let mut e = Evidence::default();
        e.read("Cisco Meraki, SD-WAN", "the description");
        let gap = concepts("Cisco networking");
        assert_eq!(gap.len(), 2);
        assert_eq!(e.covers(&gap), Some(true));
        assert!(e
            .found_for(&gap)
            .contains(&("Cisco Meraki".to_string(), "the description")));
        let mut veeam = Evidence::default();
        veeam.read("Veeam Gold", "certifications");
        assert_eq!(
            veeam.covers(&concepts("Backup and disaster recovery")),
            Some(true)
        );
        assert_eq!(veeam.covers(&concepts("OT security")), Some(false));
        assert_eq!(veeam.covers(&concepts("Quantum widgets")), None);
        let mut soc = Evidence::default();
        soc.read("Wir bieten 24/7 SOC und MDR an", "the description");
        assert_eq!(
            soc.found_for(&concepts("Managed detection and response")),
            vec![("24/7 SOC".to_string(), "the description")],
            "quoted as written"
        );
    }
}
