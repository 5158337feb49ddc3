//! Text that needs more than one glyph per character in order: right-to-left scripts and the
//! scripts whose letters join, reorder or stack. A line is ordered with the Unicode
//! bidirectional algorithm (`unicode-bidi`), split into runs by the font that covers them, and
//! each run that needs it is shaped with `rustybuzz` (HarfBuzz's shaping in Rust), giving the
//! glyphs in visual order with their advances and offsets. Latin, Greek, Cyrillic and CJK text
//! that is all left-to-right never comes here: it is drawn character by character as before.

use unicode_bidi::BidiInfo;

/// The scripts Allybook ships a face for beyond DejaVu Sans (Noto Sans, OFL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    Arabic,
    Hebrew,
    Thai,
    Devanagari,
}

impl Script {
    pub const ALL: [Script; 4] = [
        Script::Arabic,
        Script::Hebrew,
        Script::Thai,
        Script::Devanagari,
    ];
}

/// The script a character belongs to, for the ones that need their own face.
pub fn script_of(c: char) -> Option<Script> {
    match c as u32 {
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Some(Script::Arabic)
        }
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => Some(Script::Hebrew),
        0x0E00..=0x0E7F => Some(Script::Thai),
        0x0900..=0x097F | 0xA8E0..=0xA8FF => Some(Script::Devanagari),
        _ => None,
    }
}

/// Joiners and marks that belong to the run they are in, whatever face would draw them alone.
pub fn is_joiner(c: char) -> bool {
    matches!(c as u32, 0x200C | 0x200D | 0x034F) || is_combining_mark(c)
}

/// Characters that only mean something to a shaper (emoji variation selectors, joiners):
/// outside a shaped run they are left out rather than drawn as an empty box.
pub fn is_invisible_outside_shaping(c: char) -> bool {
    matches!(c as u32, 0xFE00..=0xFE0F | 0x200C | 0x200D | 0xE0100..=0xE01EF)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Whether `text` needs the bidirectional algorithm or shaping: a right-to-left character, or a
/// character of a script whose letters join, reorder or stack.
pub fn needs_shaping(text: &str) -> bool {
    text.chars().any(|c| {
        script_of(c).is_some()
            || matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
            || matches!(c as u32, 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069)
    })
}

/// A line's text in visual order: (byte range in `text`, right-to-left), left to right on the
/// page. The paragraph direction is left-to-right (the document's language is), so a Hebrew
/// or Arabic name inside an English sentence reads right-to-left in its place.
pub fn visual_runs(text: &str) -> Vec<(std::ops::Range<usize>, bool)> {
    let bidi = BidiInfo::new(text, Some(unicode_bidi::Level::ltr()));
    let mut out = Vec::new();
    for para in &bidi.paragraphs {
        let (levels, runs) = bidi.visual_runs(para, para.range.clone());
        for run in runs {
            let rtl = levels.get(run.start).is_some_and(|l| l.is_rtl());
            out.push((run, rtl));
        }
    }
    out
}

/// One glyph of shaped text, in thousandths of an em.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub gid: u16,
    /// The text this glyph stands for (its cluster), for copy and search; empty for the
    /// second and later glyphs of a cluster.
    pub text: String,
    pub advance: i32,
    pub x_offset: i32,
    pub y_offset: i32,
}

/// Shapes `text` with the font in `bytes` (face 0) in one direction; glyphs in visual order.
pub fn shape(bytes: &[u8], text: &str, rtl: bool) -> Option<Vec<Glyph>> {
    let face = rustybuzz::Face::from_slice(bytes, 0)?;
    let upem = face.units_per_em().max(1);
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(&face, &[], buffer);
    // A cluster's text runs from its start to the next cluster start in logical order.
    let mut starts: Vec<usize> = shaped
        .glyph_infos()
        .iter()
        .map(|g| g.cluster as usize)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let end_of = |start: usize| {
        starts
            .iter()
            .find(|&&s| s > start)
            .copied()
            .unwrap_or(text.len())
    };
    let units = |v: i32| v * 1000 / upem;
    let mut seen = std::collections::HashSet::new();
    Some(
        shaped
            .glyph_infos()
            .iter()
            .zip(shaped.glyph_positions())
            .map(|(info, pos)| {
                let start = info.cluster as usize;
                let text = if seen.insert(start) {
                    text.get(start..end_of(start))
                        .unwrap_or_default()
                        .to_string()
                } else {
                    String::new()
                };
                Glyph {
                    gid: u16::try_from(info.glyph_id).unwrap_or(0),
                    text,
                    advance: units(pos.x_advance),
                    x_offset: units(pos.x_offset),
                    y_offset: units(pos.y_offset),
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hebrew_name_in_an_english_line_is_one_right_to_left_run_in_its_place() {
        let text = "Agreement with שלום בע\"מ today";
        let runs = visual_runs(text);
        let rtl: Vec<&str> = runs
            .iter()
            .filter(|(_, rtl)| *rtl)
            .map(|(r, _)| &text[r.clone()])
            .collect();
        assert_eq!(rtl.len(), 1, "{runs:?}");
        assert!(rtl[0].contains("שלום"), "{rtl:?}");
        assert!(!needs_shaping("Müller Netzwerktechnik GmbH — 東京"));
        assert!(needs_shaping("مؤسسة"));
        assert!(needs_shaping("บริษัท"));
    }
}
