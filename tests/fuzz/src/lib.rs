//! Fuzz targets: the readers that take a user's (or an attacker's) bytes. Under `cargo test`
//! each runs its saved corpus and crashes (regression tests, in `src/__fuzz__/`) plus a
//! short burst of random inputs; `make fuzz` (part of `make test`) runs each for a bounded
//! time under coverage-guided libFuzzer through `cargo bolero test --sanitizer NONE`.
//!
//! The property for all four: no input makes the code panic, and a refused input changes
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

/// A team book made from the sample (its 16 documents in memory), built once: what the
/// `team_documents` target changes as a hostile laptop would.
fn team_book() -> &'static (tempfile::TempDir, Vec<automerge::Automerge>) {
    static TEAM: OnceLock<(tempfile::TempDir, Vec<automerge::Automerge>)> = OnceLock::new();
    TEAM.get_or_init(|| {
        use allybook_core::team;
        let dir = tempfile::tempdir().expect("temp dir");
        let mut s = Store::open(&dir.path().join("team.sqlite")).expect("open");
        demo::load_as_of(&mut s, NaiveDate::from_ymd_opt(2026, 11, 26).expect("date"))
            .expect("demo");
        let t = team::new_team(&s, "ws://fuzz.invalid", Some("Owner")).expect("team");
        let mut docs = team::new_documents(&t.actor, &t.member).expect("documents");
        let ids: Vec<String> = (0..team::BUCKETS).map(|i| format!("doc{i}")).collect();
        team::create(&mut s, &t, &ids, &mut docs).expect("create");
        (dir, docs)
    })
}

/// A value of any Automerge kind, from fuzzer bytes.
fn any_value(kind: u8, bytes: &[u8]) -> automerge::ScalarValue {
    use automerge::ScalarValue as V;
    let n = i64::from_le_bytes({
        let mut b = [0u8; 8];
        for (d, s) in b.iter_mut().zip(bytes) {
            *d = *s;
        }
        b
    });
    match kind % 9 {
        0 => V::Str(String::from_utf8_lossy(bytes).into_owned().into()),
        1 => V::Int(n),
        2 => V::Uint(n as u64),
        3 => V::F64(f64::from_bits(n as u64)),
        4 => V::Boolean(n & 1 == 1),
        5 => V::Null,
        6 => V::Bytes(bytes.to_vec()),
        7 => V::Timestamp(n),
        _ => V::counter(n),
    }
}

/// Whatever another laptop could write into a team book's documents — values of any kind
/// under any field of any record, records replaced by lists or text, unknown tables and keys,
/// deletions — is taken into a book as the next sync round does (`project`): an answer or an
/// error, never a panic, and the book stays consistent (its foreign keys hold).
#[test]
fn team_documents() {
    use automerge::transaction::Transactable;
    use automerge::{ObjType, ReadDoc, ROOT};
    let (dir, docs) = team_book();
    let mut s = AssertUnwindSafe(
        Store::open_existing(&dir.path().join("team.sqlite")).expect("open the team book"),
    );
    type Op = (u8, u8, u8, u8, u8, Vec<u8>);
    bolero::check!().with_type::<Vec<Op>>().for_each(|ops| {
        let mut docs: Vec<automerge::Automerge> = docs.clone();
        let hostile = automerge::ActorId::from(b"hostile-laptop".as_slice());
        for (bucket, table, record, field, kind, bytes) in ops.iter().take(32) {
            let n = docs.len();
            let doc = &mut docs[*bucket as usize % n];
            doc.set_actor(hostile.clone());
            let mut tx = doc.transaction();
            // A table the book knows (or any name), a record in it (or a new key), a field.
            let tables: Vec<String> = tx.keys(ROOT).collect();
            let name = tables
                .get(*table as usize % (tables.len() + 1))
                .cloned()
                .unwrap_or_else(|| String::from_utf8_lossy(bytes).into_owned());
            let obj = match tx.get(ROOT, name.as_str()) {
                Ok(Some((automerge::Value::Object(ObjType::Map), id))) => id,
                _ => match tx.put_object(ROOT, name.as_str(), ObjType::Map) {
                    Ok(id) => id,
                    Err(_) => continue,
                },
            };
            let keys: Vec<String> = tx.keys(&obj).collect();
            let key = keys
                .get(*record as usize % (keys.len() + 1))
                .cloned()
                .unwrap_or_else(|| format!("{:032x}", u128::from(*record)));
            let _ = match (field % 8, kind % 4) {
                // The whole record: a value, a list, text, or gone.
                (0, 0) => tx.put(&obj, key.as_str(), any_value(*kind / 4, bytes)),
                (0, 1) => tx.put_object(&obj, key.as_str(), ObjType::List).map(|_| ()),
                (0, 2) => tx.put_object(&obj, key.as_str(), ObjType::Text).map(|_| ()),
                (0, _) => tx.delete(&obj, key.as_str()),
                // One field of it, when it is a map: any value under a known or new name.
                _ => match tx.get(&obj, key.as_str()) {
                    Ok(Some((automerge::Value::Object(ObjType::Map), rec))) => {
                        let fields: Vec<String> = tx.keys(&rec).collect();
                        let f = fields
                            .get(*field as usize % (fields.len() + 1))
                            .cloned()
                            .unwrap_or_else(|| "_deleted".to_string());
                        match kind % 4 {
                            3 => tx.delete(&rec, f.as_str()),
                            2 => tx.put_object(&rec, f.as_str(), ObjType::Map).map(|_| ()),
                            _ => tx.put(&rec, f.as_str(), any_value(*kind / 4, bytes)),
                        }
                    }
                    _ => tx.put(&obj, key.as_str(), any_value(*kind, bytes)),
                },
            };
            tx.commit();
        }
        let store: &mut Store = &mut s;
        let _ = store.dry_run(|tx| {
            let projected = allybook_core::store::sync::project(tx, &mut docs);
            let broken: i64 = tx
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })
                .unwrap_or(0);
            assert_eq!(
                broken, 0,
                "the projection left dangling references ({projected:?})"
            );
            Ok(())
        });
    });
}
