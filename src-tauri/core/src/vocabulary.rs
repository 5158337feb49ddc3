//! What a firm does, read from the words people write: "24/7 SOC and MDR", "Veeam Gold",
//! "Cisco Gold integrator, SD-WAN". The concepts and their aliases live in
//! `assets/data/vocabulary.json` (compiled in); a concept can imply broader ones (Meraki → Cisco →
//! networking). Matching is by whole words after folding case and accents, longest first.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use crate::normalize;

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
    let file: File = serde_json::from_str(include_str!("../../../assets/data/vocabulary.json"))
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
                patterns.push(format!(" {f} "));
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
        .match_kind(MatchKind::Standard)
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

/// `normalize::fold` of `text` between two spaces, and for each byte of it the byte range of the
/// original character it came from (a space between words points at its neighbours').
fn fold_with_origin(text: &str) -> (String, Vec<(usize, usize)>) {
    let mut folded = String::from(" ");
    let mut origin = vec![(0, 0)];
    let mut pending_space = false;
    for (i, ch) in text.char_indices() {
        let span = (i, i + ch.len_utf8());
        let piece = normalize::fold(ch.encode_utf8(&mut [0; 4]));
        if piece.is_empty() {
            pending_space = folded.len() > 1;
            continue;
        }
        if pending_space && !folded.ends_with(' ') {
            folded.push(' ');
            origin.push(span);
        }
        pending_space = false;
        for _ in 0..piece.len() {
            origin.push(span);
        }
        folded.push_str(&piece);
    }
    folded.push(' ');
    origin.push((text.len(), text.len()));
    (folded, origin)
}

/// The concepts a text names directly, longest phrase first where two overlap.
pub fn find(text: &str) -> Vec<Hit> {
    let v = vocabulary();
    let Some(m) = &v.matcher else {
        return Vec::new();
    };
    let (folded, origin) = fold_with_origin(text);
    let spans: Vec<(usize, usize, usize)> = m
        .find_overlapping_iter(&folded)
        .map(|x| (x.start(), x.end(), v.concept_of[x.pattern().as_usize()]))
        .collect();
    let mut out: Vec<Hit> = Vec::new();
    for &(s, e, c) in &spans {
        // A phrase inside a longer one ("security" in "ot security") is not a finding of its own.
        let inside = spans
            .iter()
            .any(|&(s2, e2, _)| s2 <= s && e <= e2 && (e2 - s2) > (e - s));
        if inside || out.iter().any(|h| h.concept == c) {
            continue;
        }
        // The words as the text has them ("24/7 SOC"), not as folded ("24 7 soc").
        let (from, to) = (origin[s + 1], origin[e - 2]);
        out.push(Hit {
            concept: c,
            words: text[from.0..to.1].to_string(),
        });
    }
    out
}

/// The concepts named directly in `text`, without what they imply.
pub fn concepts(text: &str) -> BTreeSet<usize> {
    find(text).into_iter().map(|h| h.concept).collect()
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

    /// "“soc” in the description" for each concept of `wanted`, once per distinct phrase.
    pub fn because(&self, wanted: &BTreeSet<usize>) -> String {
        let mut parts: Vec<String> = Vec::new();
        for c in wanted {
            if let Some((words, source)) = self.found.get(c) {
                let p = format!("“{words}” in {source}");
                if !parts.contains(&p) {
                    parts.push(p);
                }
            }
        }
        parts.join(", ")
    }

    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
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
            .because(&gap)
            .contains("“Cisco Meraki” in the description"));
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
            soc.because(&concepts("Managed detection and response")),
            "“24/7 SOC” in the description",
            "quoted as written"
        );
    }
}
