//! Files build.rs packed with Brotli, unpacked once on first use and kept for the process.
//!
//! With the `system-fonts` feature (the Linux packages: `make package`), the faces a
//! distribution ships — DejaVu Sans, Droid Sans Fallback, Symbola — are not embedded: they are
//! read once from the distribution's font packages, which the package depends on (Debian's font
//! policy: one copy of a font on a system). Debian 12's files are byte for byte the ones in
//! `assets/fonts`, so the PDFs are the same.

use std::io::Read;
use std::sync::OnceLock;

pub struct Packed {
    name: &'static str,
    brotli: &'static [u8],
    /// Where a distribution keeps this file, in the order tried, and the packages that hold it
    /// (for the message when none is there). Empty: the file is embedded.
    system: &'static [&'static str],
    packages: &'static str,
    bytes: OnceLock<Vec<u8>>,
}

impl Packed {
    pub const fn new(name: &'static str, brotli: &'static [u8]) -> Self {
        Packed {
            name,
            brotli,
            system: &[],
            packages: "",
            bytes: OnceLock::new(),
        }
    }

    /// A file read from the first of `paths` that exists (the `system-fonts` build).
    #[cfg_attr(not(feature = "system-fonts"), allow(dead_code))]
    pub const fn system(
        name: &'static str,
        paths: &'static [&'static str],
        packages: &'static str,
    ) -> Self {
        Packed {
            name,
            brotli: &[],
            system: paths,
            packages,
            bytes: OnceLock::new(),
        }
    }

    /// Why the file cannot be had, when it cannot: for an error a person can act on.
    pub fn missing(&'static self) -> Option<String> {
        if !self.bytes().is_empty() {
            return None;
        }
        Some(if self.system.is_empty() {
            format!(
                "the font {} built into Allybook cannot be read; reinstall Allybook",
                self.name
            )
        } else {
            format!(
                "the font {} is not installed (looked in {}); install {}",
                self.name,
                self.system.join(", "),
                self.packages
            )
        })
    }

    #[cfg(test)]
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The file as it was in `assets/`; empty if it cannot be unpacked (which a test rules
    /// out for every packed file), so a font reader refuses it and the caller falls back.
    pub fn bytes(&'static self) -> &'static [u8] {
        self.bytes.get_or_init(|| {
            if !self.system.is_empty() {
                for path in self.system {
                    match std::fs::read(path) {
                        Ok(bytes) => return bytes,
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => tracing::error!(file = path, "cannot read a font: {e}"),
                    }
                }
                tracing::error!(
                    file = self.name,
                    "a font is not installed: install {}",
                    self.packages
                );
                return Vec::new();
            }
            let mut out = Vec::with_capacity(self.brotli.len() * 3);
            match brotli_decompressor::Decompressor::new(self.brotli, 1 << 16).read_to_end(&mut out)
            {
                Ok(_) => out,
                Err(e) => {
                    tracing::error!(file = self.name, "cannot unpack an embedded file: {e}");
                    Vec::new()
                }
            }
        })
    }
}

/// `packed!("fonts/Symbola.ttf")`: the file, packed by build.rs into `$OUT_DIR/Symbola.ttf.br`.
macro_rules! packed {
    ($name:literal) => {
        $crate::render::pdf::packed::Packed::new(
            $name,
            include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".br")),
        )
    };
}
pub(crate) use packed;

/// `system_font!("DejaVuSans.ttf", [paths…], "packages")`: read from the distribution's font
/// packages with the `system-fonts` feature, embedded (as `packed!`) without it.
#[cfg(feature = "system-fonts")]
macro_rules! system_font {
    ($name:literal, $paths:expr, $packages:literal) => {
        $crate::render::pdf::packed::Packed::system($name, $paths, $packages)
    };
}
#[cfg(not(feature = "system-fonts"))]
macro_rules! system_font {
    ($name:literal, $paths:expr, $packages:literal) => {
        $crate::render::pdf::packed::packed!($name)
    };
}
pub(crate) use system_font;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_system_font_is_read_from_the_first_path_that_is_there() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let there = dir.path().join("Face.ttf");
        std::fs::write(&there, b"the face").expect("write");
        let paths: &'static [&'static str] = Box::leak(Box::new([
            "/nonexistent/allybook/Face.ttf",
            Box::leak(there.to_string_lossy().into_owned().into_boxed_str()) as &str,
        ]));
        let font: &'static Packed = Box::leak(Box::new(Packed::system("Face.ttf", paths, "x")));
        assert_eq!(font.bytes(), b"the face");
        assert_eq!(font.missing(), None);
    }

    #[test]
    fn a_font_that_is_not_installed_says_where_it_was_looked_for_and_what_to_install() {
        static GONE: Packed = Packed::system(
            "Nowhere.ttf",
            &["/nonexistent/allybook/Nowhere.ttf"],
            "fonts-nowhere (Debian)",
        );
        assert!(GONE.bytes().is_empty());
        let message = GONE.missing().expect("a message");
        assert!(
            message.contains("Nowhere.ttf is not installed"),
            "{message}"
        );
        assert!(
            message.contains("/nonexistent/allybook/Nowhere.ttf"),
            "{message}"
        );
        assert!(
            message.contains("install fonts-nowhere (Debian)"),
            "{message}"
        );
    }
}
