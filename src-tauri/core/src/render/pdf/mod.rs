//! Our small layout layer over printpdf's drawing API: measured text, wrapping, headings kept
//! with their text, key–value blocks, tables that break between rows and repeat their header,
//! and a running header and "Page N of M" footer. Dossiers use it now; agreements and
//! statements are to share it.
//!
//! Units are PDF points (1/72 in), origin bottom-left as in PDF; the layout cursor `y` runs from
//! the top margin down. Fonts ship in `assets/fonts` (DejaVu Sans, with its licence) and are
//! embedded as subsets.

use std::sync::OnceLock;

use printpdf::{
    Color, FontId, Line, LinePoint, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rgb, TextItem, TextMatrix,
};

use crate::model::error::{Error, Result};

mod packed;
mod shape;
use packed::{packed, system_font, Packed};
pub use shape::{needs_shaping, Script};

/// DejaVu Sans, the face of every PDF and of the window's page (packed: 1.5 MB → 0.7 MB in the
/// executable; unpacking costs ≈4 ms per face, once per process). In the Linux packages this
/// face and the three below are read from the distribution's font packages instead (`packed`).
static REGULAR_TTF: Packed = system_font!(
    "DejaVuSans.ttf",
    &[
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    ],
    "fonts-dejavu-core (Debian, Ubuntu) or dejavu-sans-fonts (Fedora)"
);
static BOLD_TTF: Packed = system_font!(
    "DejaVuSans-Bold.ttf",
    &[
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",
    ],
    "fonts-dejavu-core (Debian, Ubuntu) or dejavu-sans-fonts (Fedora)"
);
/// Chinese, Japanese and Korean, for what DejaVu does not cover (Apache-2.0).
static CJK_TTF: Packed = system_font!(
    "DroidSansFallbackFull.ttf",
    &[
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf",
        // Fedora may ship only the smaller variant (fewer rare ideographs).
        "/usr/share/fonts/google-droid-sans-fonts/DroidSansFallback.ttf",
    ],
    "fonts-droid-fallback (Debian, Ubuntu) or google-droid-sans-fonts (Fedora)"
);
/// Symbols and emoji (black and white) that neither DejaVu nor the CJK face has: Symbola
/// ("free for any use").
static SYMBOLS_TTF: Packed = system_font!(
    "Symbola.ttf",
    &[
        "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
        "/usr/share/fonts/gdouros-symbola/Symbola.ttf",
    ],
    "fonts-symbola (Debian, Ubuntu) or gdouros-symbola-fonts (Fedora)"
);
/// Noto Sans for the scripts that join, reorder or run right to left (OFL-1.1), regular and
/// bold, in the order of `Script::ALL`.
static SCRIPT_TTF: [[Packed; 2]; 4] = [
    [
        packed!("NotoSansArabic-Regular.ttf"),
        packed!("NotoSansArabic-Bold.ttf"),
    ],
    [
        packed!("NotoSansHebrew-Regular.ttf"),
        packed!("NotoSansHebrew-Bold.ttf"),
    ],
    [
        packed!("NotoSansThai-Regular.ttf"),
        packed!("NotoSansThai-Bold.ttf"),
    ],
    [
        packed!("NotoSansDevanagari-Regular.ttf"),
        packed!("NotoSansDevanagari-Bold.ttf"),
    ],
];
static GERMAN_HYPHENATION: Packed = packed!("de-1996.standard.bincode");

fn script_index(s: Script) -> usize {
    Script::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// A4 portrait.
pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
/// A font file the window's page uses, by its file name in `assets/fonts` — the same faces the
/// PDFs embed, so the installed app carries each once (the window asks the executable for them).
pub fn ui_font(name: &str) -> Option<&'static [u8]> {
    match name {
        "DejaVuSans.ttf" => Some(REGULAR_TTF.bytes()),
        "DejaVuSans-Bold.ttf" => Some(BOLD_TTF.bytes()),
        "DroidSansFallbackFull.ttf" => Some(CJK_TTF.bytes()),
        _ => None,
    }
}

const MARGIN_X: f32 = 56.0;
const MARGIN_TOP: f32 = 64.0;
const MARGIN_BOTTOM: f32 = 64.0;
pub const BODY_SIZE: f32 = 10.0;
const LEADING: f32 = 1.35;
/// The hanging indent of numbered clauses.
const HANG: f32 = 30.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weight {
    Regular,
    Bold,
}

struct Faces {
    regular: ParsedFont,
    bold: ParsedFont,
    /// Parsed on first use: most documents never need it, and it is the largest font.
    cjk: OnceLock<Option<ParsedFont>>,
    /// The script faces, regular then bold per script, parsed on first use.
    scripts: [OnceLock<Option<ParsedFont>>; 8],
    symbols: OnceLock<Option<ParsedFont>>,
}

/// Which embedded face draws a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Face {
    Primary(Weight),
    Cjk,
    Script(Script, Weight),
    Symbols,
}

/// A run of a line as it is drawn: its face, its text in logical order, and for shaped text
/// its glyphs in visual order.
struct Piece {
    face: Face,
    text: String,
    glyphs: Option<Vec<shape::Glyph>>,
    rtl: bool,
}

fn faces() -> Result<&'static Faces> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let mut warnings = Vec::new();
            Some(Faces {
                regular: ParsedFont::from_bytes(REGULAR_TTF.bytes(), 0, &mut warnings)?,
                bold: ParsedFont::from_bytes(BOLD_TTF.bytes(), 0, &mut warnings)?,
                cjk: OnceLock::new(),
                scripts: Default::default(),
                symbols: OnceLock::new(),
            })
        })
        .as_ref()
        .ok_or_else(|| {
            Error::Conflict(
                REGULAR_TTF
                    .missing()
                    .or_else(|| BOLD_TTF.missing())
                    .unwrap_or_else(|| "the fonts of the documents could not be read".into()),
            )
        })
}

impl Faces {
    fn face(&self, w: Weight) -> &ParsedFont {
        match w {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    fn cjk(&self) -> Option<&ParsedFont> {
        self.cjk
            .get_or_init(|| ParsedFont::from_bytes(CJK_TTF.bytes(), 0, &mut Vec::new()))
            .as_ref()
    }

    fn script(&self, s: Script, w: Weight) -> Option<&ParsedFont> {
        let i = script_index(s) * 2 + usize::from(w == Weight::Bold);
        self.scripts[i]
            .get_or_init(|| ParsedFont::from_bytes(script_bytes(s, w), 0, &mut Vec::new()))
            .as_ref()
    }

    fn font(&self, f: Face) -> &ParsedFont {
        match f {
            Face::Primary(w) => self.face(w),
            Face::Cjk => self.cjk().unwrap_or(&self.regular),
            Face::Script(s, w) => self.script(s, w).unwrap_or(&self.regular),
            Face::Symbols => self.symbols().unwrap_or(&self.regular),
        }
    }

    fn symbols(&self) -> Option<&ParsedFont> {
        self.symbols
            .get_or_init(|| ParsedFont::from_bytes(SYMBOLS_TTF.bytes(), 0, &mut Vec::new()))
            .as_ref()
    }

    /// Splits `text` into runs, each drawn by the first face that has its glyphs: the script's
    /// Noto face for Arabic, Hebrew, Thai and Devanagari, then DejaVu, then the CJK fallback.
    /// (A missing glyph would otherwise print as an empty box.) Spaces, joiners and marks stay
    /// in a script run, so a name in one script is shaped as one.
    fn runs(&self, w: Weight, text: &str) -> Vec<(Face, String)> {
        let primary = self.face(w);
        let mut out: Vec<(Face, String)> = Vec::new();
        for c in text.chars() {
            let has = |f: &ParsedFont| f.lookup_glyph_index(c as u32).is_some_and(|g| g != 0);
            let in_script = matches!(out.last(), Some((Face::Script(..), _)));
            if !in_script && shape::is_invisible_outside_shaping(c) {
                // An emoji's variation selector or joiner has no glyph of its own here.
                continue;
            }
            let face = match shape::script_of(c) {
                Some(s) if self.script(s, w).is_some_and(has) => Face::Script(s, w),
                _ if in_script && (c == ' ' || shape::is_joiner(c)) => {
                    out.last().map_or(Face::Primary(w), |(f, _)| *f)
                }
                _ if c.is_whitespace() || has(primary) => Face::Primary(w),
                _ if self.cjk().is_some_and(has) => Face::Cjk,
                _ if self.symbols().is_some_and(has) => Face::Symbols,
                _ => Face::Primary(w),
            };
            match out.last_mut() {
                Some((f, run)) if *f == face => run.push(c),
                _ => out.push((face, c.to_string())),
            }
        }
        out
    }

    /// The line as drawn, left to right: runs in visual order (bidirectional algorithm), shaped
    /// where the script or direction needs it.
    fn pieces(&self, w: Weight, text: &str) -> Vec<Piece> {
        if !needs_shaping(text) {
            return self
                .runs(w, text)
                .into_iter()
                .map(|(face, text)| Piece {
                    face,
                    text,
                    glyphs: None,
                    rtl: false,
                })
                .collect();
        }
        let mut out = Vec::new();
        for (range, rtl) in shape::visual_runs(text) {
            let Some(part) = text.get(range) else {
                continue;
            };
            let mut runs = self.runs(w, part);
            if rtl {
                runs.reverse();
            }
            for (face, run) in runs {
                let glyphs = if rtl || matches!(face, Face::Script(..)) {
                    shape::shape(face_bytes(face), &run, rtl)
                } else {
                    None
                };
                out.push(Piece {
                    face,
                    text: run,
                    glyphs,
                    rtl,
                });
            }
        }
        out
    }

    /// Width of `text` at `size` with per-character fallback and shaping, as it is drawn.
    fn width(&self, w: Weight, text: &str, size: f32) -> f32 {
        if needs_shaping(text) {
            let thousandths: i64 = self
                .pieces(w, text)
                .iter()
                .map(|p| match &p.glyphs {
                    Some(glyphs) => glyphs.iter().map(|g| i64::from(g.advance)).sum(),
                    None => i64::from(
                        p.text
                            .chars()
                            .map(|c| {
                                let font = self.font(p.face);
                                advance_thousandths(
                                    font,
                                    font.lookup_glyph_index(c as u32).unwrap_or(0),
                                )
                            })
                            .sum::<u32>(),
                    ),
                })
                .sum();
            return thousandths as f32 * size / 1000.0;
        }
        let primary = self.face(w);
        let thousandths: u32 = text
            .chars()
            .map(|c| {
                if shape::is_invisible_outside_shaping(c) {
                    return 0;
                }
                let (font, gid) = match primary.lookup_glyph_index(c as u32) {
                    Some(g) if g != 0 || c.is_whitespace() => (primary, g),
                    _ => glyph_in(self.cjk(), c)
                        .or_else(|| glyph_in(self.symbols(), c))
                        .unwrap_or((primary, 0)),
                };
                advance_thousandths(font, gid)
            })
            .sum();
        thousandths as f32 * size / 1000.0
    }
}

fn script_bytes(s: Script, w: Weight) -> &'static [u8] {
    SCRIPT_TTF[script_index(s)][usize::from(w == Weight::Bold)].bytes()
}

/// The font file a face draws with, for the shaper.
fn face_bytes(f: Face) -> &'static [u8] {
    match f {
        Face::Primary(Weight::Regular) => REGULAR_TTF.bytes(),
        Face::Primary(Weight::Bold) => BOLD_TTF.bytes(),
        Face::Cjk => CJK_TTF.bytes(),
        Face::Script(s, w) => script_bytes(s, w),
        Face::Symbols => SYMBOLS_TTF.bytes(),
    }
}

/// A PDF text string (UTF-16BE with its byte-order mark), for `/ActualText`.
fn pdf_text_string(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        out.extend(unit.to_be_bytes());
    }
    out
}

/// The font and glyph for `c`, when `font` has one.
fn glyph_in(font: Option<&ParsedFont>, c: char) -> Option<(&ParsedFont, u16)> {
    let f = font?;
    Some((f, f.lookup_glyph_index(c as u32).filter(|g| *g != 0)?))
}

/// A glyph's advance as printpdf writes it: whole 1/1000 em.
fn advance_thousandths(font: &ParsedFont, gid: u16) -> u32 {
    let upem = u32::from(font.pdf_font_metrics.units_per_em.max(1));
    u32::from(font.get_horizontal_advance(gid)) * 1000 / upem
}

/// Width of `text` at `size`, measured as printpdf writes widths (whole 1/1000 em per glyph).
pub fn text_width(font: &ParsedFont, text: &str, size: f32) -> f32 {
    let thousandths: u32 = text
        .chars()
        .map(|c| advance_thousandths(font, font.lookup_glyph_index(c as u32).unwrap_or(0)))
        .sum();
    thousandths as f32 * size / 1000.0
}

/// Greedy line breaking on spaces; a word longer than the line is split between characters.
/// Explicit line breaks are kept.
pub fn wrap(font: &ParsedFont, text: &str, size: f32, width: f32) -> Vec<String> {
    wrap_with(&|s: &str| text_width(font, s, size), text, width, None)
}

/// The hyphenation patterns of a document's language (TeX's, embedded by the `hyphenation`
/// crate): US English, and German in the 1996 orthography ("höchs-tens", "Strei-tig-keit").
fn hyphenator(lang: crate::model::words::DocLanguage) -> Option<&'static hyphenation::Standard> {
    use crate::model::words::DocLanguage;
    use hyphenation::Load;
    static EN: OnceLock<Option<hyphenation::Standard>> = OnceLock::new();
    static DE: OnceLock<Option<hyphenation::Standard>> = OnceLock::new();
    match lang {
        DocLanguage::En => EN.get_or_init(|| {
            hyphenation::Standard::from_embedded(hyphenation::Language::EnglishUS).ok()
        }),
        DocLanguage::De => DE.get_or_init(|| {
            let mut bytes: &[u8] = GERMAN_HYPHENATION.bytes();
            hyphenation::Standard::from_reader(hyphenation::Language::German1996, &mut bytes).ok()
        }),
    }
    .as_ref()
}

/// Line breaking with a width function; with `hyphenate`, a word that does not fit is split at
/// the last hyphenation point (the document language's patterns) whose first part, with a hyphen, still fits.
fn wrap_with(
    measure: &dyn Fn(&str) -> f32,
    text: &str,
    width: f32,
    hyphenate: Option<&hyphenation::Standard>,
) -> Vec<String> {
    let mut lines = Vec::new();
    let space = measure(" ");
    for para in text.split('\n') {
        let mut line = String::new();
        // Widths add up glyph by glyph (no kerning), so the line's width is kept as it grows.
        let mut line_w = 0.0;
        for word in para.split_whitespace() {
            let word_w = measure(word);
            let candidate_w = if line.is_empty() {
                word_w
            } else {
                line_w + space + word_w
            };
            if candidate_w <= width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_w = candidate_w;
                continue;
            }
            let mut word = word.to_string();
            if let Some(dict) = hyphenate {
                use hyphenation::Hyphenator;
                let breaks = dict.hyphenate(&word).breaks;
                let (prefix, prefix_w) = if line.is_empty() {
                    (String::new(), 0.0)
                } else {
                    (format!("{line} "), line_w + space)
                };
                if let Some(&b) = breaks
                    .iter()
                    .rev()
                    .find(|&&b| b >= 2 && prefix_w + measure(&format!("{}-", &word[..b])) <= width)
                {
                    lines.push(format!("{prefix}{}-", &word[..b]));
                    line.clear();
                    word = word[b..].to_string();
                }
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if measure(&word) <= width {
                line_w = measure(&word);
                line = word;
                continue;
            }
            // The word alone does not fit either: split it between characters.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if measure(&piece) > width && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line_w = measure(&piece);
            line = piece;
        }
        lines.push(line);
    }
    lines
}

fn grey(v: f32) -> Color {
    Color::Rgb(Rgb {
        r: v,
        g: v,
        b: v,
        icc_profile: None,
    })
}

fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

const INK: f32 = 0.1;
const MUTED: f32 = 0.4;

/// Document-level facts written into the PDF's metadata and running header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    /// Left part of the running header, e.g. "Partner dossier — Northwind".
    pub header: String,
    /// Middle of the footer, e.g. "v2 · document 3f9a…"; may be empty.
    pub footer: String,
    /// A diagonal translucent DRAFT mark on every page, drawn as shapes (not text, so it never
    /// pollutes the extracted text).
    pub draft: bool,
    /// The document's language: the layout's own words ("Page 1 of 3", the signature labels).
    pub lang: crate::model::words::DocLanguage,
}

/// One party's signature block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureBlock {
    pub party: String,
    pub name: String,
    pub title: String,
}

/// The mark's letters as filled outlines on a 5 × 7 grid (y up): each letter one or more shapes,
/// each shape an outer ring and its holes. Enough letters for "DRAFT" and "ENTWURF".
fn mark_letter(c: char) -> Vec<Vec<Vec<(f32, f32)>>> {
    match c {
        'D' => vec![vec![
            vec![
                (0.0, 0.0),
                (3.5, 0.0),
                (5.0, 1.5),
                (5.0, 5.5),
                (3.5, 7.0),
                (0.0, 7.0),
            ],
            vec![
                (1.2, 1.2),
                (3.0, 1.2),
                (3.8, 2.0),
                (3.8, 5.0),
                (3.0, 5.8),
                (1.2, 5.8),
            ],
        ]],
        'R' => vec![
            vec![
                vec![
                    (0.0, 0.0),
                    (1.2, 0.0),
                    (1.2, 3.0),
                    (3.8, 3.0),
                    (5.0, 4.2),
                    (5.0, 5.8),
                    (3.8, 7.0),
                    (0.0, 7.0),
                ],
                vec![
                    (1.2, 4.2),
                    (3.5, 4.2),
                    (3.8, 4.5),
                    (3.8, 5.5),
                    (3.5, 5.8),
                    (1.2, 5.8),
                ],
            ],
            vec![vec![(2.2, 3.0), (3.6, 3.0), (5.0, 0.0), (3.6, 0.0)]],
        ],
        'A' => vec![vec![
            vec![
                (0.0, 0.0),
                (1.3, 0.0),
                (1.8, 2.0),
                (3.2, 2.0),
                (3.7, 0.0),
                (5.0, 0.0),
                (3.2, 7.0),
                (1.8, 7.0),
            ],
            vec![(2.1, 3.2), (2.9, 3.2), (2.5, 5.2)],
        ]],
        'F' => vec![vec![vec![
            (0.0, 0.0),
            (1.2, 0.0),
            (1.2, 3.0),
            (4.0, 3.0),
            (4.0, 4.2),
            (1.2, 4.2),
            (1.2, 5.8),
            (5.0, 5.8),
            (5.0, 7.0),
            (0.0, 7.0),
        ]]],
        'T' => vec![vec![vec![
            (1.9, 0.0),
            (3.1, 0.0),
            (3.1, 5.8),
            (5.0, 5.8),
            (5.0, 7.0),
            (0.0, 7.0),
            (0.0, 5.8),
            (1.9, 5.8),
        ]]],
        'E' => vec![vec![vec![
            (0.0, 0.0),
            (5.0, 0.0),
            (5.0, 1.2),
            (1.2, 1.2),
            (1.2, 3.0),
            (4.0, 3.0),
            (4.0, 4.2),
            (1.2, 4.2),
            (1.2, 5.8),
            (5.0, 5.8),
            (5.0, 7.0),
            (0.0, 7.0),
        ]]],
        'N' => vec![vec![vec![
            (0.0, 0.0),
            (0.0, 7.0),
            (1.2, 7.0),
            (3.8, 2.4),
            (3.8, 7.0),
            (5.0, 7.0),
            (5.0, 0.0),
            (3.8, 0.0),
            (1.2, 4.6),
            (1.2, 0.0),
        ]]],
        'W' => vec![vec![vec![
            (0.0, 7.0),
            (1.2, 7.0),
            (1.5, 1.8),
            (2.5, 5.2),
            (3.5, 1.8),
            (3.8, 7.0),
            (5.0, 7.0),
            (4.2, 0.0),
            (3.0, 0.0),
            (2.5, 2.6),
            (2.0, 0.0),
            (0.8, 0.0),
        ]]],
        'U' => vec![vec![vec![
            (0.0, 7.0),
            (1.2, 7.0),
            (1.2, 1.8),
            (1.8, 1.2),
            (3.2, 1.2),
            (3.8, 1.8),
            (3.8, 7.0),
            (5.0, 7.0),
            (5.0, 1.2),
            (3.8, 0.0),
            (1.2, 0.0),
            (0.0, 1.2),
        ]]],
        _ => Vec::new(),
    }
}

/// A document being laid out.
pub struct Layout {
    doc: PdfDocument,
    regular: FontId,
    bold: FontId,
    /// Added to the document the first time a character needs it.
    cjk: Option<FontId>,
    /// Likewise the script faces: a Latin-only document embeds none of them.
    scripts: std::collections::HashMap<(Script, Weight), FontId>,
    symbols: Option<FontId>,
    faces: &'static Faces,
    pages: Vec<Vec<Op>>,
    ops: Vec<Op>,
    /// Distance from the top of the page to the current baseline's top.
    y: f32,
    meta: Meta,
}

/// Column widths that give every column what its longest word needs (up to `cap`), taking the
/// difference from the columns with room to spare, in proportion to that room. When the room is
/// not there, the proportional widths stay (long words wrap as before).
fn fit_columns(proportional: &[f32], needs: &[f32], cap: f32) -> Vec<f32> {
    let needs: Vec<f32> = needs.iter().map(|n| n.min(cap)).collect();
    let short: f32 = proportional
        .iter()
        .zip(&needs)
        .map(|(p, n)| (n - p).max(0.0))
        .sum();
    let spare: f32 = proportional
        .iter()
        .zip(&needs)
        .map(|(p, n)| (p - n).max(0.0))
        .sum();
    if short <= 0.0 || spare < short {
        return proportional.to_vec();
    }
    proportional
        .iter()
        .zip(&needs)
        .map(|(p, n)| {
            if n > p {
                *n
            } else {
                p - (p - n) / spare * short
            }
        })
        .collect()
}

impl Layout {
    pub fn new(meta: Meta) -> Result<Layout> {
        let faces = faces()?;
        let mut doc = PdfDocument::new(&meta.title);
        let regular = doc.add_font(&faces.regular);
        let bold = doc.add_font(&faces.bold);
        Ok(Layout {
            doc,
            regular,
            bold,
            cjk: None,
            scripts: std::collections::HashMap::new(),
            symbols: None,
            faces,
            pages: Vec::new(),
            ops: Vec::new(),
            y: MARGIN_TOP,
            meta,
        })
    }

    pub fn content_width(&self) -> f32 {
        PAGE_W - 2.0 * MARGIN_X
    }

    fn room(&self) -> f32 {
        PAGE_H - MARGIN_BOTTOM - self.y
    }

    pub fn new_page(&mut self) {
        let ops = std::mem::take(&mut self.ops);
        self.pages.push(ops);
        self.y = MARGIN_TOP;
    }

    /// Starts a new page unless `height` still fits on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.room() < height && self.y > MARGIN_TOP {
            self.new_page();
        }
    }

    pub fn space(&mut self, pt: f32) {
        self.y += pt;
    }

    fn font_id(&self, w: Weight) -> FontId {
        match w {
            Weight::Regular => self.regular.clone(),
            Weight::Bold => self.bold.clone(),
        }
    }

    /// `text` cut to fit `width` on one line, ending in "…" when it had to be cut.
    fn fit(&self, text: &str, size: f32, width: f32) -> String {
        let w = Weight::Regular;
        if self.faces.width(w, text, size) <= width {
            return text.to_string();
        }
        let mut cut: String = text.to_string();
        while !cut.is_empty() && self.faces.width(w, &format!("{cut}…"), size) > width {
            // Halve the excess quickly on very long texts, then go character by character.
            let chars = cut.chars().count();
            let keep = if chars > 200 { chars / 2 } else { chars - 1 };
            cut = cut.chars().take(keep).collect();
        }
        format!("{}…", cut.trim_end())
    }

    /// Wraps with per-character font fallback in the widths.
    fn wrap(&self, w: Weight, text: &str, size: f32, width: f32) -> Vec<String> {
        let faces = self.faces;
        wrap_with(&|t: &str| faces.width(w, t, size), text, width, None)
    }

    fn face_id(&mut self, f: Face) -> FontId {
        match f {
            Face::Primary(w) => self.font_id(w),
            Face::Cjk => {
                if self.cjk.is_none() {
                    let font = self.faces.font(Face::Cjk);
                    self.cjk = Some(self.doc.add_font(font));
                }
                self.cjk.clone().unwrap_or_else(|| self.regular.clone())
            }
            Face::Symbols => {
                if self.symbols.is_none() {
                    self.symbols = Some(self.doc.add_font(self.faces.font(f)));
                }
                self.symbols.clone().unwrap_or_else(|| self.regular.clone())
            }
            Face::Script(s, w) => {
                if let Some(id) = self.scripts.get(&(s, w)) {
                    return id.clone();
                }
                let id = self.doc.add_font(self.faces.font(f));
                self.scripts.insert((s, w), id.clone());
                id
            }
        }
    }

    /// Draws one line of text with its top at `top` (not moving the cursor), switching to the
    /// fallback face for characters DejaVu lacks, in visual order, shaped where needed.
    fn text_at(&mut self, x: f32, top: f32, text: &str, size: f32, w: Weight, shade: f32) {
        if text.is_empty() {
            return;
        }
        let baseline = PAGE_H - top - size * 0.8;
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetFillColor { col: grey(shade) });
        let mut at = x;
        for piece in self.faces.pieces(w, text) {
            let font = self.face_id(piece.face);
            self.ops.extend([
                Op::SetFont {
                    font: PdfFontHandle::External(font),
                    size: Pt(size),
                },
                Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(at), Pt(baseline)),
                },
            ]);
            match piece.glyphs {
                None => {
                    at += text_width(self.faces.font(piece.face), &piece.text, size);
                    self.ops.push(Op::ShowText {
                        items: vec![TextItem::Text(piece.text)],
                    });
                }
                Some(glyphs) => {
                    at += self.shaped(piece.face, &piece.text, &glyphs, size, piece.rtl);
                }
            }
        }
        self.ops.push(Op::EndTextSection);
    }

    /// Shows shaped glyphs at the current text position, inside an `/ActualText` span that
    /// gives their text in logical order (what copy and `pdftotext` read); returns the width.
    fn shaped(
        &mut self,
        face: Face,
        text: &str,
        glyphs: &[shape::Glyph],
        size: f32,
        rtl: bool,
    ) -> f32 {
        use printpdf::text::Codepoint;
        let font = self.faces.font(face);
        // Left-to-right scripts that reorder (a Devanagari vowel sign drawn before its
        // consonant) carry their text in logical order as /ActualText. Right-to-left runs do
        // not: readers expect them drawn in visual order glyph by glyph and reverse them back.
        if !rtl {
            let mut span = std::collections::BTreeMap::new();
            span.insert(
                "ActualText".to_string(),
                printpdf::xobject::DictItem::String {
                    data: pdf_text_string(text),
                    literal: false,
                },
            );
            self.ops.push(Op::BeginMarkedContentWithProperties {
                tag: "Span".into(),
                properties: printpdf::xobject::DictItem::Dict { map: span },
            });
        }
        let mut items: Vec<TextItem> = Vec::new();
        let mut run: Vec<Codepoint> = Vec::new();
        let mut width = 0i64;
        let flush = |items: &mut Vec<TextItem>, run: &mut Vec<Codepoint>| {
            if !run.is_empty() {
                items.push(TextItem::GlyphIds(std::mem::take(run)));
            }
        };
        for g in glyphs {
            // The PDF advances by the glyph's own width; the shaper may want another (kerning,
            // marks): the difference, and the glyph's own offset, go in TJ adjustments
            // (thousandths of an em, positive moves left).
            let nominal = advance_thousandths(font, g.gid) as i32;
            if g.x_offset != 0 {
                flush(&mut items, &mut run);
                items.push(TextItem::Offset(-(g.x_offset as f32)));
            }
            let after = (g.x_offset + nominal - g.advance) as f32;
            let cid = (!g.text.is_empty()).then(|| g.text.clone());
            let point = Codepoint {
                gid: g.gid,
                offset: after,
                cid,
            };
            if g.y_offset != 0 {
                // Raised or lowered marks (Thai tone marks, Arabic vowels): their own show
                // with a text rise.
                flush(&mut items, &mut run);
                if !items.is_empty() {
                    self.ops.push(Op::ShowText {
                        items: std::mem::take(&mut items),
                    });
                }
                self.ops.push(Op::SetLineOffset {
                    multiplier: g.y_offset as f32 * size / 1000.0,
                });
                self.ops.push(Op::ShowText {
                    items: vec![TextItem::GlyphIds(vec![point])],
                });
                self.ops.push(Op::SetLineOffset { multiplier: 0.0 });
            } else {
                run.push(point);
            }
            width += i64::from(g.advance);
        }
        flush(&mut items, &mut run);
        if !items.is_empty() {
            self.ops.push(Op::ShowText { items });
        }
        if !rtl {
            self.ops.push(Op::EndMarkedContentWithProperties);
        }
        width as f32 * size / 1000.0
    }

    fn rule(&mut self, x1: f32, x2: f32, top: f32, shade: f32, thickness: f32) {
        let y = PAGE_H - top;
        self.ops.extend([
            Op::SetOutlineColor { col: grey(shade) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: Point {
                                x: Pt(x1),
                                y: Pt(y),
                            },
                            bezier: false,
                        },
                        LinePoint {
                            p: Point {
                                x: Pt(x2),
                                y: Pt(y),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            },
        ]);
    }

    fn fill_rect(&mut self, x: f32, top: f32, w: f32, h: f32, col: Color) {
        self.ops.extend([
            Op::SetFillColor { col },
            Op::DrawRectangle {
                rectangle: printpdf::Rect {
                    x: Pt(x),
                    y: Pt(PAGE_H - top - h),
                    width: Pt(w),
                    height: Pt(h),
                    mode: Some(printpdf::PaintMode::Fill),
                    winding_order: None,
                },
            },
        ]);
    }

    /// The document's title block.
    pub fn title(&mut self, title: &str, subtitle: &str) {
        let width = self.content_width();
        for line in self.wrap(Weight::Bold, title, 20.0, width) {
            self.text_at(MARGIN_X, self.y, &line, 20.0, Weight::Bold, INK);
            self.y += 20.0 * 1.25;
        }
        if !subtitle.is_empty() {
            for line in self.wrap(Weight::Regular, subtitle, 10.5, width) {
                self.text_at(MARGIN_X, self.y, &line, 10.5, Weight::Regular, MUTED);
                self.y += 10.5 * LEADING;
            }
        }
        self.y += 4.0;
        self.rule(MARGIN_X, PAGE_W - MARGIN_X, self.y, 0.2, 1.0);
        self.y += 14.0;
    }

    /// A section heading, kept on the same page as at least `keep` points of what follows.
    pub fn heading(&mut self, text: &str, keep: f32) {
        let size = 13.0;
        // At least a table's header and first row, or three lines of text.
        self.ensure(size * 1.6 + 6.0 + keep.max(72.0));
        self.y += 6.0;
        self.text_at(MARGIN_X, self.y, text, size, Weight::Bold, INK);
        self.y += size * 1.3;
        self.rule(MARGIN_X, PAGE_W - MARGIN_X, self.y, 0.8, 0.5);
        self.y += 6.0;
    }

    /// A numbered clause heading ("3  Revenue share"), kept with its first lines.
    pub fn clause_heading(&mut self, number: &str, title: &str) {
        let size = 11.5;
        self.ensure(size * 1.5 + 4.0 * BODY_SIZE * LEADING);
        self.y += 8.0;
        self.text_at(MARGIN_X, self.y, number, size, Weight::Bold, INK);
        self.text_at(MARGIN_X + HANG, self.y, title, size, Weight::Bold, INK);
        self.y += size * 1.45;
    }

    /// A justified, hyphenated paragraph with a hanging label ("3.2") in the margin column; the
    /// last line is set ragged. Breaks pages between lines, never leaving a single line behind.
    pub fn numbered_paragraph(&mut self, label: &str, text: &str) {
        let size = BODY_SIZE;
        let lh = size * LEADING;
        let x = MARGIN_X + HANG;
        let width = self.content_width() - HANG;
        let faces = self.faces;
        let lines = wrap_with(
            &|t: &str| faces.width(Weight::Regular, t, size),
            text,
            width,
            hyphenator(self.meta.lang),
        );
        // Keep at least two lines together at the top of a paragraph.
        self.ensure(lh * (lines.len().min(2) as f32));
        for (i, line) in lines.iter().enumerate() {
            self.ensure(lh);
            if i == 0 {
                self.text_at(MARGIN_X, self.y, label, size, Weight::Regular, MUTED);
            }
            if i + 1 < lines.len() {
                self.justified_line(x, self.y, line, size, width);
            } else {
                self.text_at(x, self.y, line, size, Weight::Regular, INK);
            }
            self.y += lh;
        }
        self.y += size * 0.45;
    }

    /// Sets `line` flush to both margins by spreading the extra width over its spaces.
    fn justified_line(&mut self, x: f32, top: f32, line: &str, size: f32, width: f32) {
        // A line with right-to-left or shaped text is set as one ordered line, not word by word.
        if needs_shaping(line) {
            self.text_at(x, top, line, size, Weight::Regular, INK);
            return;
        }
        let words: Vec<&str> = line.split(' ').filter(|w| !w.is_empty()).collect();
        let natural = self.faces.width(Weight::Regular, line, size);
        if words.len() < 2 || natural >= width {
            self.text_at(x, top, line, size, Weight::Regular, INK);
            return;
        }
        let extra = (width - natural) / (words.len() - 1) as f32;
        // One text object when DejaVu draws the whole line: the extra space goes between the
        // words as TJ offsets (in 1/1000 em; negative moves right). Word spacing (Tw) does not
        // apply to two-byte fonts.
        if let [(Face::Primary(_), _)] = self.faces.runs(Weight::Regular, line).as_slice() {
            let mut items = Vec::with_capacity(words.len() * 2);
            for (i, w) in words.iter().enumerate() {
                if i + 1 < words.len() {
                    items.push(TextItem::Text(format!("{w} ")));
                    items.push(TextItem::Offset(-extra * 1000.0 / size));
                } else {
                    items.push(TextItem::Text(w.to_string()));
                }
            }
            let baseline = PAGE_H - top - size * 0.8;
            self.ops.extend([
                Op::StartTextSection,
                Op::SetFillColor { col: grey(INK) },
                Op::SetFont {
                    font: PdfFontHandle::External(self.regular.clone()),
                    size: Pt(size),
                },
                Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(x), Pt(baseline)),
                },
                Op::ShowText { items },
                Op::EndTextSection,
            ]);
            return;
        }
        let space = self.faces.width(Weight::Regular, " ", size);
        let mut at = x;
        for (i, w) in words.iter().enumerate() {
            let last = i + 1 == words.len();
            // Each word carries its space, so extracted text keeps single spaces.
            let piece = if last { w.to_string() } else { format!("{w} ") };
            self.text_at(at, top, &piece, size, Weight::Regular, INK);
            at += self.faces.width(Weight::Regular, w, size) + space + extra;
        }
    }

    /// Both parties' signature blocks side by side.
    pub fn signatures(&mut self, left: &SignatureBlock, right: &SignatureBlock) {
        let size = BODY_SIZE;
        let lh = size * LEADING;
        let col = (self.content_width() - 24.0) / 2.0;
        self.ensure(lh * 9.0);
        self.y += 12.0;
        let top = self.y;
        let mut bottom = top;
        for (i, b) in [left, right].into_iter().enumerate() {
            let x = MARGIN_X + i as f32 * (col + 24.0);
            let mut y = top;
            for l in self.wrap(Weight::Bold, &b.party, size, col) {
                self.text_at(x, y, &l, size, Weight::Bold, INK);
                y += lh;
            }
            y += lh * 2.2;
            self.rule(x, x + col, y, 0.3, 0.7);
            y += 3.0;
            let words = crate::model::words::Words::new(self.meta.lang);
            self.text_at(
                x,
                y,
                &words.get("signature", &[]),
                8.0,
                Weight::Regular,
                MUTED,
            );
            y += lh * 1.2;
            for (label, value) in [
                (words.get("signature-name", &[]), b.name.as_str()),
                (words.get("signature-title", &[]), b.title.as_str()),
            ] {
                let label = label.as_str();
                let v = if value.trim().is_empty() { "" } else { value };
                self.text_at(x, y, label, 8.0, Weight::Regular, MUTED);
                for line in self.wrap(Weight::Regular, v, size, col - 40.0) {
                    self.text_at(x + 40.0, y - 1.0, &line, size, Weight::Regular, INK);
                    y += lh;
                }
                if v.is_empty() {
                    y += lh;
                }
            }
            self.text_at(
                x,
                y,
                &words.get("signature-date", &[]),
                8.0,
                Weight::Regular,
                MUTED,
            );
            y += lh;
            self.rule(x + 40.0, x + col, y - 3.0, 0.6, 0.5);
            bottom = bottom.max(y);
        }
        self.y = bottom + 8.0;
    }

    fn watermark(&mut self, alpha: printpdf::ExtendedGraphicsStateId) {
        // The word of the document's language ("DRAFT", "ENTWURF"), as long along the diagonal
        // as "DRAFT" at most.
        let word = crate::model::words::Words::new(self.meta.lang).get("watermark", &[]);
        let letters: Vec<char> = word.chars().collect();
        let n = letters.len().max(1) as f32;
        let unit = (19.0f32 * (6.4 * 4.0 + 5.0) / (6.4 * (n - 1.0) + 5.0)).min(19.0);
        let advance = 6.4 * unit;
        let total = advance * (n - 1.0) + 5.0 * unit;
        let (cx, cy) = (PAGE_W / 2.0, PAGE_H / 2.0);
        let (sin, cos) = (45f32.to_radians().sin(), 45f32.to_radians().cos());
        let place = |letter: usize, (u, v): (f32, f32)| {
            let lx = letter as f32 * advance + u * unit - total / 2.0;
            let ly = v * unit - 3.5 * unit;
            Point {
                x: Pt(cx + lx * cos - ly * sin),
                y: Pt(cy + lx * sin + ly * cos),
            }
        };
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::LoadGraphicsState { gs: alpha });
        self.ops.push(Op::SetFillColor {
            col: rgb(0.75, 0.1, 0.1),
        });
        let shapes = letters
            .iter()
            .enumerate()
            .flat_map(|(i, c)| mark_letter(*c).into_iter().map(move |s| (i, s)));
        for (letter, rings) in shapes {
            let rings = rings
                .iter()
                .map(|ring| printpdf::PolygonRing {
                    points: ring
                        .iter()
                        .map(|p| LinePoint {
                            p: place(letter, *p),
                            bezier: false,
                        })
                        .collect(),
                })
                .collect();
            self.ops.push(Op::DrawPolygon {
                polygon: printpdf::Polygon {
                    rings,
                    mode: printpdf::PaintMode::Fill,
                    winding_order: printpdf::WindingOrder::EvenOdd,
                },
            });
        }
        self.ops.push(Op::RestoreGraphicsState);
    }

    /// Wrapped text; breaks pages between lines.
    pub fn paragraph(&mut self, text: &str, w: Weight, shade_muted: bool) {
        self.paragraph_at(
            MARGIN_X,
            self.content_width(),
            text,
            BODY_SIZE,
            w,
            shade_muted,
        );
        self.y += BODY_SIZE * 0.5;
    }

    fn paragraph_at(&mut self, x: f32, width: f32, text: &str, size: f32, w: Weight, muted: bool) {
        let lh = size * LEADING;
        for line in self.wrap(w, text, size, width) {
            self.ensure(lh);
            self.text_at(x, self.y, &line, size, w, if muted { MUTED } else { INK });
            self.y += lh;
        }
    }

    /// A bullet with a hanging indent.
    pub fn bullet(&mut self, text: &str) {
        let size = BODY_SIZE;
        let indent = 14.0;
        let lines = self.wrap(Weight::Regular, text, size, self.content_width() - indent);
        let lh = size * LEADING;
        for (i, line) in lines.iter().enumerate() {
            self.ensure(lh);
            if i == 0 {
                self.text_at(MARGIN_X + 3.0, self.y, "•", size, Weight::Regular, MUTED);
            }
            self.text_at(MARGIN_X + indent, self.y, line, size, Weight::Regular, INK);
            self.y += lh;
        }
        self.y += 2.0;
    }

    /// Label–value pairs in two columns; the value wraps, the pair never splits across pages.
    pub fn key_values(&mut self, rows: &[(&str, String)]) {
        let size = BODY_SIZE;
        let lh = size * LEADING;
        let label_w = 130.0;
        let value_w = self.content_width() - label_w;
        for (label, value) in rows {
            let value = if value.trim().is_empty() {
                "—".to_string()
            } else {
                value.clone()
            };
            let vlines = self.wrap(Weight::Regular, &value, size, value_w);
            let llines = self.wrap(Weight::Bold, label, size, label_w - 8.0);
            let n = vlines.len().max(llines.len());
            self.ensure(n as f32 * lh);
            for (i, l) in llines.iter().enumerate() {
                self.text_at(
                    MARGIN_X,
                    self.y + i as f32 * lh,
                    l,
                    size,
                    Weight::Bold,
                    MUTED,
                );
            }
            for (i, l) in vlines.iter().enumerate() {
                self.text_at(
                    MARGIN_X + label_w,
                    self.y + i as f32 * lh,
                    l,
                    size,
                    Weight::Regular,
                    INK,
                );
            }
            self.y += n as f32 * lh + 2.0;
        }
        self.y += 4.0;
    }

    /// A table: `widths` are fractions of the content width. Rows wrap within their cells, a
    /// row never splits across pages, and the header repeats on every page the table spans.
    pub fn table(&mut self, header: &[&str], widths: &[f32], rows: &[Vec<String>]) {
        let size = 9.0;
        let lh = size * LEADING;
        let pad = 4.0;
        let total: f32 = widths.iter().sum();
        let proportional: Vec<f32> = widths
            .iter()
            .map(|w| w / total * self.content_width())
            .collect();
        // Each column at least as wide as its longest word ("Gewicht", "Muss-Kriterium"), so a
        // word is only broken when it could not fit any column; the width comes from the
        // columns with room to spare.
        let longest_word = |w: Weight, text: &str| {
            text.split_whitespace()
                .map(|word| self.faces.width(w, word, size))
                .fold(0.0f32, f32::max)
        };
        let needs: Vec<f32> = (0..proportional.len())
            .map(|i| {
                let head = header.get(i).map_or(0.0, |h| longest_word(Weight::Bold, h));
                rows.iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| longest_word(Weight::Regular, c))
                    .fold(head, f32::max)
                    + 2.0 * pad
                    + 0.5
            })
            .collect();
        let cols = fit_columns(&proportional, &needs, self.content_width() * 0.4);
        let cell_lines = |faces: &Faces, w: Weight, cells: &[String]| -> Vec<Vec<String>> {
            cells
                .iter()
                .zip(&cols)
                .map(|(c, cw)| {
                    wrap_with(&|t: &str| faces.width(w, t, size), c, cw - 2.0 * pad, None)
                })
                .collect()
        };
        let header_cells: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        let head = cell_lines(self.faces, Weight::Bold, &header_cells);
        let head_h = head.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + 2.0 * pad;
        let draw_header = |me: &mut Layout| {
            me.fill_rect(
                MARGIN_X,
                me.y,
                me.content_width(),
                head_h,
                rgb(0.92, 0.93, 0.95),
            );
            let mut x = MARGIN_X;
            for (lines, cw) in head.iter().zip(&cols) {
                for (i, l) in lines.iter().enumerate() {
                    me.text_at(
                        x + pad,
                        me.y + pad + i as f32 * lh,
                        l,
                        size,
                        Weight::Bold,
                        INK,
                    );
                }
                x += cw;
            }
            me.y += head_h;
        };
        let first_h = rows
            .first()
            .map(|r| cell_lines(self.faces, Weight::Regular, r))
            .map_or(0.0, |c| {
                c.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + 2.0 * pad
            });
        self.ensure(head_h + first_h);
        draw_header(self);
        for row in rows {
            let cells = cell_lines(self.faces, Weight::Regular, row);
            let h = cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + 2.0 * pad;
            if self.room() < h {
                self.new_page();
                draw_header(self);
            }
            let mut x = MARGIN_X;
            for (lines, cw) in cells.iter().zip(&cols) {
                for (i, l) in lines.iter().enumerate() {
                    self.text_at(
                        x + pad,
                        self.y + pad + i as f32 * lh,
                        l,
                        size,
                        Weight::Regular,
                        INK,
                    );
                }
                x += cw;
            }
            self.y += h;
            self.rule(MARGIN_X, PAGE_W - MARGIN_X, self.y, 0.85, 0.5);
        }
        self.y += 8.0;
    }

    /// Lays out the running header and "Page N of M", sets the metadata and serialises.
    pub fn finish(mut self) -> Result<Vec<u8>> {
        if !self.ops.is_empty() || self.pages.is_empty() {
            self.new_page();
        }
        let pages = std::mem::take(&mut self.pages);
        let total = pages.len();
        let alpha = self.meta.draft.then(|| {
            self.doc.add_graphics_state(
                printpdf::ExtendedGraphicsState::default().with_current_fill_alpha(0.12),
            )
        });
        let mut out = Vec::with_capacity(total);
        let words = crate::model::words::Words::new(self.meta.lang);
        for (i, ops) in pages.into_iter().enumerate() {
            self.ops = ops;
            if let Some(gs) = alpha.clone() {
                self.watermark(gs);
            }
            let size = 8.0;
            // The running header is one line: a long name is cut with an ellipsis, never run
            // off the page.
            let header = self.fit(&self.meta.header, size, self.content_width());
            let page_label = words.get(
                "page-of",
                &[
                    ("page", crate::model::words::Arg::Number(i as i64 + 1)),
                    ("pages", crate::model::words::Arg::Number(total as i64)),
                ],
            );
            self.text_at(MARGIN_X, 30.0, &header, size, Weight::Regular, MUTED);
            self.rule(MARGIN_X, PAGE_W - MARGIN_X, 42.0, 0.85, 0.5);
            self.rule(MARGIN_X, PAGE_W - MARGIN_X, PAGE_H - 48.0, 0.85, 0.5);
            let w = self.faces.width(Weight::Regular, &page_label, size);
            self.text_at(
                PAGE_W - MARGIN_X - w,
                PAGE_H - 42.0,
                &page_label,
                size,
                Weight::Regular,
                MUTED,
            );
            self.text_at(
                MARGIN_X,
                PAGE_H - 42.0,
                "Allybook",
                size,
                Weight::Regular,
                MUTED,
            );
            let footer = self.meta.footer.clone();
            if !footer.is_empty() {
                let fw = self.faces.width(Weight::Regular, &footer, size);
                self.text_at(
                    (PAGE_W - fw) / 2.0,
                    PAGE_H - 42.0,
                    &footer,
                    size,
                    Weight::Regular,
                    MUTED,
                );
            }
            out.push(PdfPage::new(
                printpdf::Mm(210.0),
                printpdf::Mm(297.0),
                std::mem::take(&mut self.ops),
            ));
        }
        let now = printpdf::OffsetDateTime::now();
        let info = &mut self.doc.metadata.info;
        info.document_title = self.meta.title.clone();
        info.author = self.meta.author.clone();
        info.subject = self.meta.subject.clone();
        info.creator = "Allybook".into();
        info.producer = format!("Allybook {} (printpdf)", env!("CARGO_PKG_VERSION"));
        info.creation_date = now;
        info.modification_date = now;
        info.metadata_date = now;
        self.doc.with_pages(out);
        let mut warnings = Vec::new();
        // printpdf's own compression runs at zlib's best level, which was half the time of a
        // whole agreement; the fast level costs a few percent of size. So: serialise
        // uncompressed, then deflate each stream at the fast level.
        let mut lo = printpdf::to_lopdf_doc(
            &self.doc,
            &PdfSaveOptions {
                optimize: false,
                subset_fonts: true,
                ..PdfSaveOptions::default()
            },
            &mut warnings,
        );
        for object in lo.objects.values_mut() {
            if let lopdf::Object::Stream(stream) = object {
                if stream.dict.get(b"Filter").is_err() && stream.content.len() > 64 {
                    use std::io::Write;
                    let mut z = flate2::write::ZlibEncoder::new(
                        Vec::with_capacity(stream.content.len() / 3),
                        flate2::Compression::fast(),
                    );
                    z.write_all(&stream.content)
                        .map_err(|e| Error::io("cannot compress the PDF", e))?;
                    let packed = z
                        .finish()
                        .map_err(|e| Error::io("cannot compress the PDF", e))?;
                    stream.dict.set("Filter", "FlateDecode");
                    stream.set_content(packed);
                }
            }
        }
        let mut bytes = Vec::new();
        lo.save_to(&mut bytes)
            .map_err(|e| Error::io("cannot write the PDF", e))?;
        // printpdf always writes a 1.3 header; fills and later features need 1.4. Same length,
        // so no offset moves.
        if bytes.starts_with(b"%PDF-1.3") {
            bytes[7] = b'4';
        }
        // printpdf writes an empty PDF/X version key, which makes readers call the file PDF/X.
        // Blank it out with spaces of the same length: no offset moves.
        const PDFX: &[u8] = b"/GTS_PDFXVersion()";
        if let Some(at) = bytes.windows(PDFX.len()).position(|w| w == PDFX) {
            bytes[at..at + PDFX.len()].fill(b' ');
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_packed_file_unpacks_to_the_file_in_assets() {
        let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets");
        let mut all: Vec<&'static Packed> = vec![
            &REGULAR_TTF,
            &BOLD_TTF,
            &CJK_TTF,
            &SYMBOLS_TTF,
            &GERMAN_HYPHENATION,
        ];
        all.extend(SCRIPT_TTF.iter().flatten());
        for p in all {
            let dir = if p.name().ends_with(".ttf") {
                "fonts"
            } else {
                "hyphenation"
            };
            let original = std::fs::read(assets.join(dir).join(p.name())).expect("the asset");
            assert!(
                p.bytes() == original.as_slice(),
                "{} unpacks differently",
                p.name()
            );
        }
        // And what reads them accepts them: the CJK face has a Han glyph, German breaks.
        assert!(faces()
            .expect("faces")
            .cjk()
            .is_some_and(|f| f.lookup_glyph_index('漢' as u32).is_some_and(|g| g != 0)));
        assert!(hyphenator(crate::model::words::DocLanguage::De).is_some());
    }

    #[test]
    fn german_words_break_where_german_breaks_them() {
        use hyphenation::Hyphenator;
        let de = hyphenator(crate::model::words::DocLanguage::De).expect("German patterns load");
        let breaks = de.hyphenate("Streitigkeit").breaks;
        assert_eq!(breaks, vec![5, 8], "Strei-tig-keit");
        let en = hyphenator(crate::model::words::DocLanguage::En).expect("English patterns");
        assert!(!en.hyphenate("hyphenation").breaks.is_empty());
    }

    #[test]
    fn a_column_gets_the_width_of_its_longest_word_from_columns_with_room() {
        // "Gewicht" needs 40 where 30 was planned; the wide last column gives it.
        let cols = fit_columns(&[100.0, 30.0, 300.0], &[60.0, 40.0, 80.0], 200.0);
        assert!((cols[1] - 40.0).abs() < 0.01, "{cols:?}");
        assert!((cols.iter().sum::<f32>() - 430.0).abs() < 0.01, "{cols:?}");
        assert!(cols[0] >= 60.0 && cols[2] >= 80.0, "{cols:?}");
        // No room anywhere: the plan stays.
        assert_eq!(
            fit_columns(&[50.0, 50.0], &[60.0, 60.0], 200.0),
            vec![50.0, 50.0]
        );
        // A URL-long word is capped, never allowed to take the page.
        let capped = fit_columns(&[100.0, 100.0, 300.0], &[500.0, 10.0, 10.0], 150.0);
        assert!((capped[0] - 150.0).abs() < 0.01, "{capped:?}");
    }

    #[test]
    fn wrapping_never_exceeds_the_width_and_keeps_every_word() {
        let f = &faces().expect("fonts").regular;
        let text = "Northwind Security GmbH provides managed detection and response \
                    across the DACH region with a Microsoft Gold partnership";
        let lines = wrap(f, text, 10.0, 150.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(text_width(f, l, 10.0) <= 150.0, "{l}");
        }
        assert_eq!(lines.join(" "), text);
        // An unbreakable word is split rather than overflowing.
        let long = wrap(f, &"x".repeat(200), 10.0, 100.0);
        assert!(long.len() > 1);
        assert!(long.iter().all(|l| text_width(f, l, 10.0) <= 100.0));
    }
}
