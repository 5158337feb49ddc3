//! Files build.rs packed with Brotli, unpacked once on first use and kept for the process.

use std::io::Read;
use std::sync::OnceLock;

pub struct Packed {
    name: &'static str,
    brotli: &'static [u8],
    bytes: OnceLock<Vec<u8>>,
}

impl Packed {
    pub const fn new(name: &'static str, brotli: &'static [u8]) -> Self {
        Packed {
            name,
            brotli,
            bytes: OnceLock::new(),
        }
    }

    #[cfg(test)]
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The file as it was in `assets/`; empty if it cannot be unpacked (which a test rules
    /// out for every packed file), so a font reader refuses it and the caller falls back.
    pub fn bytes(&'static self) -> &'static [u8] {
        self.bytes.get_or_init(|| {
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
