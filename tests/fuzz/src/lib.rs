//! Fuzz targets: the readers that take a user's (or an attacker's) bytes. Under `cargo test`
//! each runs its saved corpus and crashes (regression tests, in `src/__fuzz__/`) plus a
//! short burst of random inputs; `make fuzz` (part of `make test`) runs each for a bounded
//! time under coverage-guided libFuzzer through `cargo bolero test --sanitizer NONE`.
//!
//! The property for all three: no input makes the code panic, and a refused input changes
//! nothing.
#![cfg(test)]

use std::fs;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use allybook_core::domain::ProspectQuery;
use allybook_core::import::{self, ImportOptions};
use allybook_core::{book, contract, demo, store, Store};
use chrono::NaiveDate;

/// A small sound book, built once: the seed the store target corrupts.
fn sound_book() -> &'static (tempfile::TempDir, Vec<u8>) {
    static BOOK: OnceLock<(tempfile::TempDir, Vec<u8>)> = OnceLock::new();
    BOOK.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("seed.sqlite");
        let mut s = Store::open(&path).expect("open");
        demo::load_as_of(&mut s, NaiveDate::from_ymd_opt(2026, 11, 26).expect("date"))
            .expect("demo");
        drop(s); // checkpoints the WAL into the file
        let bytes = fs::read(&path).expect("read");
        (dir, bytes)
    })
}

/// Any bytes as an import file, CSV or workbook: the preview and a dry-run import (with bad
/// values blanked, so most rows reach the store's write path) return a result or an error.
#[test]
fn import_parser() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A panic fails the target; the store is not looked at after one.
    let mut book = AssertUnwindSafe(Store::open(&dir.path().join("book.sqlite")).expect("open"));
    let dry = ImportOptions {
        dry_run: true,
        blank_invalid: true,
        ..ImportOptions::default()
    };
    bolero::check!().for_each(|bytes: &[u8]| {
        let _ = import::preview(bytes, &ImportOptions::default(), 20);
        let book: &mut Store = &mut book;
        let _ = import::import(book, bytes, "fuzz.csv", &dry);
    });
}

/// Any text as the terms JSON a user pastes or a contract file holds: parsed over a partner's
/// template, validated, and (when valid) summarised, never a panic.
#[test]
fn terms_reader() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("book.sqlite");
    let mut s = Store::open(&path).expect("open");
    demo::load_as_of(&mut s, NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")).expect("demo");
    let prospect: i64 = s
        .conn()
        .query_row("SELECT min(id) FROM prospect", [], |r| r.get(0))
        .expect("a prospect");
    let s = AssertUnwindSafe(s);
    bolero::check!().for_each(|bytes: &[u8]| {
        let Ok(json) = std::str::from_utf8(bytes) else {
            return;
        };
        let store: &Store = &s;
        if let Ok(terms) = contract::terms_from_json(store.conn(), prospect, json) {
            let _ = terms.validate();
        }
    });
}

fn write(path: &Path, bytes: &[u8]) {
    for suffix in ["-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = fs::remove_file(PathBuf::from(p));
    }
    fs::write(path, bytes).expect("write");
}

/// A sound book with bytes overwritten at fuzzer-chosen places (or, when the input is long,
/// the input itself as the file): `check`, opening it for reading and opening it for writing
/// answer without a panic, and a file they refuse is left byte-identical.
#[test]
fn store_open_and_check() {
    let (_seed_dir, seed) = sound_book();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("book.sqlite");
    bolero::check!()
        .with_type::<(Vec<(u32, u8)>, Vec<u8>)>()
        .for_each(|(patches, raw)| {
            let mut bytes = if raw.len() >= 512 {
                raw.clone()
            } else {
                seed.clone()
            };
            for &(at, value) in patches {
                let len = bytes.len();
                if len > 0 {
                    bytes[at as usize % len] = value;
                }
            }
            write(&path, &bytes);
            let _ = store::check(&path);
            if let Ok(s) = Store::open_existing(&path) {
                let _ = book::list_prospects(s.conn(), &ProspectQuery::default());
            }
            write(&path, &bytes);
            match Store::open(&path) {
                Ok(s) => {
                    let _ = book::list_prospects(s.conn(), &ProspectQuery::default());
                }
                Err(_) => {
                    let after = fs::read(&path).expect("read back");
                    assert!(after == bytes, "a refused book was modified");
                }
            }
        });
}
