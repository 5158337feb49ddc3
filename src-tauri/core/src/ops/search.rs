//! Search as you type across prospects, contacts and notes (SQLite FTS5, diacritics folded).
//!
//! A bulk import indexes its new prospects after its rows commit, in transactions of their own
//! ([`catch_up_step`]), so the import returns sooner and never holds the write lock for the
//! indexing. Until that is done the book lists the unindexed prospects (`search_pending`,
//! written in the import's own transaction, so a crash leaves the list and the next catch-up
//! resumes); a search meanwhile also scans those prospects directly ([`search`]: slower, same
//! matching), and [`status`] tells the window it is catching up.

use rusqlite::Connection;

use crate::model::error::Result;
use crate::model::normalize;
use crate::store::queries::search::{self as q, indexed};
use crate::Store;

pub use crate::model::search::{SearchHit, SearchStatus, MARK_END, MARK_START};
pub use crate::store::queries::search::status;

/// Prospects indexed per transaction by [`catch_up_step`]: each step holds the write lock for
/// tens of milliseconds, so the window's own writes never wait long behind it.
const CATCH_UP_CHUNK: i64 = 20_000;

/// Turns what the user typed into an FTS5 query: every word must match, the last as a prefix
/// (so "mull" finds "Müller" while typing). Quotes and operators are taken literally.
pub fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split_whitespace()
        .map(|w| w.replace('"', ""))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(
        words
            .iter()
            .map(|w| format!("\"{w}\"*"))
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// The best `limit` matches for `input`: prospects first, then by relevance. When a short prefix
/// matches thousands of records, titles that match come first instead, unranked. Prospects an
/// import has not indexed yet are found too (by a scan), after the indexed ones.
pub fn search(conn: &Connection, input: &str, limit: i64) -> Result<Vec<SearchHit>> {
    let Some(q) = fts_query(input) else {
        return Ok(Vec::new());
    };
    let limit = limit.clamp(1, 200);
    let mut hits = indexed(conn, &q, limit)?;
    if status(conn)?.pending > 0 {
        // Folded as the index folds ("Müller-Netz" → "muller", "netz").
        let folded = normalize::fold(input);
        let words: Vec<String> = folded
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        let found = unindexed(conn, &words, limit)?;
        // Prospects first: the scanned ones after the indexed prospects, before contacts and notes.
        let at = hits.iter().filter(|h| h.kind == "prospect").count();
        hits.splice(at..at, found);
        hits.truncate(limit as usize);
    }
    Ok(hits)
}

/// Indexes the next chunk of prospects an import left unindexed, in one transaction; returns
/// what is still pending afterwards (0: the index is complete). Safe to repeat and to interrupt.
pub fn catch_up_step(store: &mut Store) -> Result<SearchStatus> {
    step(store, CATCH_UP_CHUNK)
}

fn step(store: &mut Store, chunk: i64) -> Result<SearchStatus> {
    store.write(|tx| q::index_pending(tx, chunk))?;
    status(store.conn())
}

/// Prospects per transaction in [`catch_up`], for a process with nothing else to do (the CLI):
/// fewer commits, while a window open on the same book still waits well under its busy timeout.
const CATCH_UP_ALL_CHUNK: i64 = 100_000;

/// Indexes everything still pending, in large chunks; returns how many were pending.
pub fn catch_up(store: &mut Store) -> Result<i64> {
    let pending = status(store.conn())?.pending;
    while pending > 0 && step(store, CATCH_UP_ALL_CHUNK)?.pending > 0 {}
    Ok(pending)
}

/// Prospects not yet indexed whose name or details hold every word (each as a word's start, as
/// the index matches); at most `limit`, in id order.
fn unindexed(conn: &Connection, words: &[String], limit: i64) -> Result<Vec<SearchHit>> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    q::each_pending(conn, |id, name, body| {
        let (title, in_title) = mark_words(&name, words);
        let (marked_body, in_body) = mark_words(&body, words);
        if !(0..words.len()).all(|i| in_title[i] || in_body[i]) {
            return true;
        }
        let snippet = if in_body.iter().any(|&b| b) {
            around_first_mark(&marked_body, 12)
        } else {
            String::new()
        };
        out.push(SearchHit {
            kind: "prospect".into(),
            ref_id: id,
            prospect_id: id,
            prospect_name: name,
            title,
            snippet,
        });
        (out.len() as i64) < limit
    })?;
    Ok(out)
}

/// `text` with each word that starts with one of `words` (folded) marked as the index marks it;
/// and, per word, whether it matched.
fn mark_words(text: &str, words: &[String]) -> (String, Vec<bool>) {
    let mut found = vec![false; words.len()];
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest.find(char::is_alphanumeric).unwrap_or(rest.len());
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        let (token, after) = rest.split_at(end);
        let folded = normalize::fold(token);
        let mut hit = false;
        for (i, w) in words.iter().enumerate() {
            if folded.starts_with(w.as_str()) {
                found[i] = true;
                hit = true;
            }
        }
        if hit {
            out.push(MARK_START);
            out.push_str(token);
            out.push(MARK_END);
        } else {
            out.push_str(token);
        }
        rest = after;
    }
    (out, found)
}

/// About `words` words around the first mark in `marked`, with "…" where text was cut.
fn around_first_mark(marked: &str, words: usize) -> String {
    let tokens: Vec<&str> = marked.split(' ').collect();
    let first = tokens
        .iter()
        .position(|t| t.contains(MARK_START))
        .unwrap_or(0);
    let start = first.saturating_sub(words / 3);
    let end = (start + words).min(tokens.len());
    let mut s = tokens[start..end].join(" ");
    if start > 0 {
        s.insert(0, '…');
    }
    if end < tokens.len() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::import::{self, ImportOptions};

    #[test]
    fn the_index_catches_up_chunk_by_chunk_lowest_ids_first() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut store = Store::open(&dir.path().join("b.sqlite")).expect("open");
        let mut csv = String::from("Company name\n");
        for i in 0..6_000 {
            csv.push_str(&format!("Firm {i}\n"));
        }
        import::import(
            &mut store,
            csv.as_bytes(),
            "f.csv",
            &ImportOptions::default(),
        )
        .expect("import");
        let left: Vec<i64> = (0..3)
            .map(|_| step(&mut store, 2_500).expect("step").pending)
            .collect();
        assert_eq!(left, [3_500, 1_000, 0]);
        let (entries, distinct): (i64, i64) = store
            .conn()
            .query_row(
                "SELECT count(*), count(DISTINCT ref_id) FROM search_index WHERE kind = 'prospect'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("count");
        assert_eq!((entries, distinct), (6_000, 6_000));
        assert_eq!(
            search(store.conn(), "firm 5999", 5).expect("search")[0].title,
            "\u{2}Firm\u{3} \u{2}5999\u{3}"
        );
    }

    #[test]
    fn a_word_is_marked_where_it_starts_a_word_of_the_text() {
        let words = ["mull".to_string(), "gmb".to_string()];
        let (marked, found) = mark_words("Müller-Netz GmbH, Ulm", &words);
        assert_eq!(marked, "\u{2}Müller\u{3}-Netz \u{2}GmbH\u{3}, Ulm");
        assert_eq!(found, [true, true]);
        let (_, found) = mark_words("Hamüller", &words[..1]);
        assert_eq!(found, [false], "only at a word's start");
    }

    #[test]
    fn queries_are_prefix_words_with_operators_taken_literally() {
        assert_eq!(fts_query("mull"), Some("\"mull\"*".into()));
        assert_eq!(
            fts_query("cisco  gold"),
            Some("\"cisco\"* \"gold\"*".into())
        );
        assert_eq!(
            fts_query("a\" OR \"b"),
            Some("\"a\"* \"OR\"* \"b\"*".into())
        );
        assert_eq!(fts_query("  - "), None);
    }
}
