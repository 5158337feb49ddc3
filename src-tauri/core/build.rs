//! Packs the large read-only files the core embeds (the fallback and script fonts, German
//! hyphenation patterns) with Brotli: the executable carries ≈4 MB instead of ≈9 MB, and each
//! file is unpacked once, on first use (`render::pdf::packed`). DejaVu Sans too, though every
//! PDF and the window's page need it: unpacking costs ≈4 ms per face, once per process.
//!
//! It also writes the ISO 3166 data `model::geo` reads, from the `keshvar` data crate, as one
//! line of text per country and subdivision (`$OUT_DIR/iso3166.tsv`). Linked as a library, the
//! crate builds its records with code — 1.3 MB of the executable (issue 13); as text the same
//! records take ≈0.2 MB.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Files under `assets/`, packed into `$OUT_DIR/<file name>.br`.
const PACKED: [&str; 13] = [
    "fonts/DejaVuSans.ttf",
    "fonts/DejaVuSans-Bold.ttf",
    "fonts/DroidSansFallbackFull.ttf",
    "fonts/Symbola.ttf",
    "fonts/NotoSansArabic-Regular.ttf",
    "fonts/NotoSansArabic-Bold.ttf",
    "fonts/NotoSansHebrew-Regular.ttf",
    "fonts/NotoSansHebrew-Bold.ttf",
    "fonts/NotoSansThai-Regular.ttf",
    "fonts/NotoSansThai-Bold.ttf",
    "fonts/NotoSansDevanagari-Regular.ttf",
    "fonts/NotoSansDevanagari-Bold.ttf",
    "hyphenation/de-1996.standard.bincode",
];

fn pack(from: &Path, to: &Path) -> std::io::Result<()> {
    let data = std::fs::read(from)?;
    let mut out = Vec::with_capacity(data.len() / 2);
    {
        // Quality 11, a 16 MiB window: the smallest output; slow to pack, fast to unpack.
        let mut w = brotli::CompressorWriter::new(&mut out, 1 << 16, 11, 24);
        w.write_all(&data)?;
    }
    std::fs::write(to, out)
}

fn main() {
    let manifest = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let assets = manifest.join("../../assets");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    // The `system-fonts` build reads these from the distribution's font packages instead.
    let system = std::env::var_os("CARGO_FEATURE_SYSTEM_FONTS").is_some();
    let from_system = [
        "fonts/DejaVuSans.ttf",
        "fonts/DejaVuSans-Bold.ttf",
        "fonts/DroidSansFallbackFull.ttf",
        "fonts/Symbola.ttf",
    ];
    std::thread::scope(|s| {
        let jobs: Vec<_> = PACKED
            .iter()
            .filter(|rel| !(system && from_system.contains(rel)))
            .map(|rel| {
                let from = assets.join(rel);
                println!("cargo:rerun-if-changed={}", from.display());
                let name = Path::new(rel)
                    .file_name()
                    .expect("a file name")
                    .to_string_lossy()
                    .into_owned();
                let to = out.join(format!("{name}.br"));
                s.spawn(move || pack(&from, &to).map_err(|e| format!("{}: {e}", from.display())))
            })
            .collect();
        for job in jobs {
            if let Err(e) = job.join().expect("a packing thread") {
                panic!("cannot pack an asset: {e}");
            }
        }
    });
    write_iso3166(&out.join("iso3166.tsv")).expect("cannot write iso3166.tsv");
    println!("cargo:rerun-if-changed=build.rs");
}

/// One field of a line: the data's names never hold a tab, a newline or the list separator;
/// the build stops if a new release of the data brings one.
fn field(s: &str) -> &str {
    assert!(
        !s.contains(['\t', '\n', '|']),
        "an ISO 3166 name with a tab, newline or '|': {s:?}"
    );
    s
}

/// `C⇥alpha-2⇥alpha-3⇥region⇥subregion⇥EU member (1/0)⇥ISO short name⇥ISO long name⇥other names`
/// and, after each country, its subdivisions sorted by code:
/// `S⇥alpha-2⇥code⇥ISO name⇥other names` (other names separated by `|`).
fn write_iso3166(to: &Path) -> std::io::Result<()> {
    let mut text = String::new();
    for c in keshvar::CountryIterator::new() {
        let region = c
            .maybe_region()
            .map(|r| format!("{r:?}"))
            .unwrap_or_default();
        let sub = c
            .maybe_subregion()
            .map(|r| format!("{r:?}"))
            .unwrap_or_default();
        let names: Vec<&str> = c.unofficial_name_list().iter().map(|n| field(n)).collect();
        text.push_str(&format!(
            "C\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            c.alpha2(),
            c.alpha3(),
            field(&region),
            field(&sub),
            u8::from(c.eu_member()),
            field(c.iso_short_name()),
            field(c.iso_long_name()),
            names.join("|"),
        ));
        let mut subs: Vec<_> = c.subdivisions().iter().collect();
        subs.sort_by_key(|(code, _)| **code);
        for (code, s) in subs {
            let names: Vec<&str> = s.unofficial_name_list().iter().map(|n| field(n)).collect();
            text.push_str(&format!(
                "S\t{}\t{}\t{}\t{}\n",
                c.alpha2(),
                field(code),
                field(s.name()),
                names.join("|"),
            ));
        }
    }
    std::fs::write(to, text)
}
