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

use crate::error::{Error, Result};

const REGULAR_TTF: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");

/// A4 portrait.
pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
const MARGIN_X: f32 = 56.0;
const MARGIN_TOP: f32 = 64.0;
const MARGIN_BOTTOM: f32 = 64.0;
pub const BODY_SIZE: f32 = 10.0;
const LEADING: f32 = 1.35;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

struct Faces {
    regular: ParsedFont,
    bold: ParsedFont,
}

fn faces() -> Result<&'static Faces> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let mut warnings = Vec::new();
            Some(Faces {
                regular: ParsedFont::from_bytes(REGULAR_TTF, 0, &mut warnings)?,
                bold: ParsedFont::from_bytes(BOLD_TTF, 0, &mut warnings)?,
            })
        })
        .as_ref()
        .ok_or_else(|| Error::Conflict("the bundled fonts could not be read".into()))
}

impl Faces {
    fn face(&self, w: Weight) -> &ParsedFont {
        match w {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

/// Width of `text` at `size`, measured as printpdf writes widths (whole 1/1000 em per glyph).
pub fn text_width(font: &ParsedFont, text: &str, size: f32) -> f32 {
    let upem = u32::from(font.pdf_font_metrics.units_per_em.max(1));
    let thousandths: u32 = text
        .chars()
        .map(|c| {
            let gid = font.lookup_glyph_index(c as u32).unwrap_or(0);
            u32::from(font.get_horizontal_advance(gid)) * 1000 / upem
        })
        .sum();
    thousandths as f32 * size / 1000.0
}

/// Greedy line breaking on spaces; a word longer than the line is split between characters.
/// Explicit line breaks are kept.
pub fn wrap(font: &ParsedFont, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if text_width(font, &candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone: split it if it does not fit either.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if text_width(font, &piece, size) > width && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
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
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    /// Left part of the running header, e.g. "Partner dossier — Northwind".
    pub header: String,
}

/// A document being laid out.
pub struct Layout {
    doc: PdfDocument,
    regular: FontId,
    bold: FontId,
    faces: &'static Faces,
    pages: Vec<Vec<Op>>,
    ops: Vec<Op>,
    /// Distance from the top of the page to the current baseline's top.
    y: f32,
    meta: Meta,
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

    /// Draws one line of text with its top at the cursor's `y` (not moving the cursor).
    fn text_at(&mut self, x: f32, top: f32, text: &str, size: f32, w: Weight, shade: f32) {
        if text.is_empty() {
            return;
        }
        let baseline = PAGE_H - top - size * 0.8;
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: grey(shade) },
            Op::SetFont {
                font: PdfFontHandle::External(self.font_id(w)),
                size: Pt(size),
            },
            Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(x), Pt(baseline)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_string())],
            },
            Op::EndTextSection,
        ]);
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
        for line in wrap(&self.faces.bold, title, 20.0, width) {
            self.text_at(MARGIN_X, self.y, &line, 20.0, Weight::Bold, INK);
            self.y += 20.0 * 1.25;
        }
        if !subtitle.is_empty() {
            for line in wrap(&self.faces.regular, subtitle, 10.5, width) {
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
        for line in wrap(self.faces.face(w), text, size, width) {
            self.ensure(lh);
            self.text_at(x, self.y, &line, size, w, if muted { MUTED } else { INK });
            self.y += lh;
        }
    }

    /// A bullet with a hanging indent.
    pub fn bullet(&mut self, text: &str) {
        let size = BODY_SIZE;
        let indent = 14.0;
        let lines = wrap(
            &self.faces.regular,
            text,
            size,
            self.content_width() - indent,
        );
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
            let vlines = wrap(&self.faces.regular, &value, size, value_w);
            let llines = wrap(&self.faces.bold, label, size, label_w - 8.0);
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
        let cols: Vec<f32> = widths
            .iter()
            .map(|w| w / total * self.content_width())
            .collect();
        let cell_lines = |faces: &Faces, w: Weight, cells: &[String]| -> Vec<Vec<String>> {
            cells
                .iter()
                .zip(&cols)
                .map(|(c, cw)| wrap(faces.face(w), c, size, cw - 2.0 * pad))
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
        let mut out = Vec::with_capacity(total);
        for (i, ops) in pages.into_iter().enumerate() {
            self.ops = ops;
            let header = self.meta.header.clone();
            let page_label = format!("Page {} of {}", i + 1, total);
            let size = 8.0;
            self.text_at(MARGIN_X, 30.0, &header, size, Weight::Regular, MUTED);
            self.rule(MARGIN_X, PAGE_W - MARGIN_X, 42.0, 0.85, 0.5);
            self.rule(MARGIN_X, PAGE_W - MARGIN_X, PAGE_H - 48.0, 0.85, 0.5);
            let w = text_width(&self.faces.regular, &page_label, size);
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
        let mut bytes = self.doc.save(
            &PdfSaveOptions {
                subset_fonts: true,
                ..PdfSaveOptions::default()
            },
            &mut warnings,
        );
        // printpdf always writes a 1.3 header; fills and later features need 1.4. Same length,
        // so no offset moves.
        if bytes.starts_with(b"%PDF-1.3") {
            bytes[7] = b'4';
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
