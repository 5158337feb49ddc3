//! The agreement as a Word document (DOCX, through `docx-rs`), for the other side's lawyer to
//! redline with tracked changes: the same prepared content as the PDF
//! ([`crate::render::agreement::prepare`]), with Word's own numbering (clause "1.", paragraph "1.1"),
//! named paragraph styles, a running header that says DRAFT on drafts, a footer with the
//! version, status, document id and page number, the annexes as tables and the signature block.

use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, Footer, Header, IndentLevel, Level, LevelJc, LevelText,
    LineSpacing, NumberFormat, Numbering, NumberingId, PageMargin, PageNum, Paragraph, Run,
    RunFonts, SpecialIndentType, Start, Style, StyleType, Table, TableCell, TableRow, WidthType,
};

use crate::model::error::{Error, Result};
use crate::render::agreement::Prepared;

/// Word's numbering definition for the clauses: level 0 "1.", level 1 "1.1".
const CLAUSES: usize = 2;
/// A4 in twentieths of a point, with 2.5 cm margins: the PDF's page.
const PAGE_WIDTH: u32 = 11_906;
const PAGE_HEIGHT: u32 = 16_838;
const MARGIN: i32 = 1_418;
const TEXT_WIDTH: usize = (PAGE_WIDTH as usize) - 2 * (MARGIN as usize);
const DANGER: &str = "B42318";

fn text(t: &str) -> Run {
    Run::new().add_text(t)
}

fn para(t: &str) -> Paragraph {
    Paragraph::new().add_run(text(t))
}

fn styles(docx: Docx) -> Docx {
    docx.add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .bold()
            .size(40),
    )
    .add_style(
        Style::new("Subtitle", StyleType::Paragraph)
            .name("Subtitle")
            .color("555555")
            .size(20),
    )
    .add_style(
        Style::new("Heading1", StyleType::Paragraph)
            .name("Heading 1")
            .bold()
            .size(28)
            .outline_lvl(0),
    )
    .add_style(
        Style::new("ClauseHeading", StyleType::Paragraph)
            .name("Clause heading")
            .based_on("Heading2")
            .bold()
            .size(22)
            .outline_lvl(1),
    )
    .add_style(
        Style::new("ClauseText", StyleType::Paragraph)
            .name("Clause text")
            .align(AlignmentType::Both),
    )
}

/// One level of the clause numbering: "%1." or "%1.%2", hanging by 1 cm.
fn level(n: usize, text: &str) -> Level {
    Level::new(
        n,
        Start::new(1),
        NumberFormat::new("decimal"),
        LevelText::new(text),
        LevelJc::new("left"),
    )
    .indent(Some(567), Some(SpecialIndentType::Hanging(567)), None, None)
}

fn numbering(docx: Docx) -> Docx {
    docx.add_abstract_numbering(
        AbstractNumbering::new(CLAUSES)
            .add_level(level(0, "%1."))
            .add_level(level(1, "%1.%2")),
    )
    .add_numbering(Numbering::new(CLAUSES, CLAUSES))
}

/// A table across the text width, its columns in proportion to `widths`.
fn table(header: Option<&[String]>, widths: &[f32], rows: &[Vec<String>]) -> Table {
    let total: f32 = widths.iter().sum::<f32>().max(f32::EPSILON);
    let grid: Vec<usize> = widths
        .iter()
        .map(|w| (TEXT_WIDTH as f32 * w / total) as usize)
        .collect();
    let row = |cells: &[String], bold: bool| {
        TableRow::new(
            cells
                .iter()
                .zip(&grid)
                .map(|(c, w)| {
                    let run = if bold { text(c).bold() } else { text(c) };
                    TableCell::new()
                        .width(*w, WidthType::Dxa)
                        .add_paragraph(Paragraph::new().add_run(run))
                })
                .collect(),
        )
    };
    let mut out = Vec::new();
    if let Some(h) = header {
        out.push(row(h, true));
    }
    out.extend(rows.iter().map(|r| row(r, false)));
    Table::new(out)
        .set_grid(grid.clone())
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// The agreement as DOCX bytes.
pub fn write(p: &Prepared) -> Result<Vec<u8>> {
    let w = crate::model::words::Words::new(p.meta.lang);
    let say = |id: &str| w.get(id, &[]);
    let mut header = Paragraph::new();
    if p.meta.draft {
        header = header
            .add_run(text(&say("agreement-status-draft")).bold().color(DANGER))
            .add_run(text(" · "));
    }
    header = header.add_run(text(&p.meta.header).color("555555").size(16));
    let footer = Paragraph::new()
        .add_run(text(&p.meta.footer).color("555555").size(16))
        .add_run(
            text(&format!(" · {} ", say("docx-page")))
                .color("555555")
                .size(16),
        )
        .add_page_num(PageNum::new());

    let mut docx = numbering(styles(Docx::new()))
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Liberation Sans")
                .hi_ansi("Liberation Sans"),
        )
        .default_size(21)
        .default_line_spacing(LineSpacing::new().after(120))
        .header(Header::new().add_paragraph(header))
        .footer(Footer::new().add_paragraph(footer))
        .custom_property("Title", p.meta.title.as_str())
        .custom_property("Subject", p.meta.subject.as_str())
        .add_paragraph(para(&p.title).style("Title"))
        .add_paragraph(para(&p.subtitle).style("Subtitle"));
    if p.meta.draft {
        docx = docx.add_paragraph(
            Paragraph::new().add_run(text(&say("docx-draft-note")).bold().color(DANGER)),
        );
    }
    docx = docx.add_paragraph(para(&say("agreement-cover-page")).style("Heading1"));
    let cover: Vec<Vec<String>> = p
        .cover
        .iter()
        .map(|(k, v)| vec![k.clone(), v.clone()])
        .collect();
    docx = docx.add_table(table(None, &[1.0, 2.6], &cover));
    docx = docx.add_paragraph(para(&say("agreement-terms")).style("Heading1"));
    for c in &p.clauses {
        docx = docx.add_paragraph(
            para(&c.title)
                .style("ClauseHeading")
                .keep_next(true)
                .numbering(NumberingId::new(CLAUSES), IndentLevel::new(0)),
        );
        for text in &c.paragraphs {
            docx = docx.add_paragraph(
                para(text)
                    .style("ClauseText")
                    .numbering(NumberingId::new(CLAUSES), IndentLevel::new(1)),
            );
        }
    }
    for a in &p.annexes {
        docx = docx
            .add_paragraph(para(&a.heading).style("Heading1").keep_next(true))
            .add_table(table(Some(&a.columns), &a.widths, &a.rows));
    }
    docx = docx
        .add_paragraph(
            para(&say("agreement-signatures"))
                .style("Heading1")
                .keep_next(true),
        )
        .add_paragraph(para(&p.signature_intro));
    let [left, right] = &p.signatures;
    let line = "______________________________";
    let labelled = |label: &str, value: &str| format!("{}: {value}", say(label));
    let rows = vec![
        vec![left.party.clone(), right.party.clone()],
        vec![labelled("signature", line), labelled("signature", line)],
        vec![
            labelled("signature-name", &left.name),
            labelled("signature-name", &right.name),
        ],
        vec![
            labelled("signature-title", &left.title),
            labelled("signature-title", &right.title),
        ],
        vec![
            labelled("signature-date", line),
            labelled("signature-date", line),
        ],
    ];
    docx = docx.add_table(table(None, &[1.0, 1.0], &rows));

    let mut out = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut out).map_err(|e| {
        Error::io(
            "cannot write the Word document",
            std::io::Error::other(e.to_string()),
        )
    })?;
    Ok(out.into_inner())
}
