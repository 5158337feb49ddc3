//! Spreadsheet cells written and read back safely: a cell that would start a formula is
//! written with a leading apostrophe, and reading takes exactly one off again.

/// Characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection list).
pub const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell for a CSV that people open in a spreadsheet: one that would start a formula
/// (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`) is written with a leading apostrophe, which
/// spreadsheets show as text. `store::table::read` takes the apostrophe off again, so Allybook's own exports
/// import exactly.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    // A text that already starts with an apostrophe before such a character gets another, so
    // reading takes back exactly one.
    let escaped_already = cell
        .strip_prefix('\'')
        .is_some_and(|rest| rest.starts_with(FORMULA_START));
    if cell.starts_with(FORMULA_START) || escaped_already {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The text of a CSV cell written the spreadsheet way: `'+49 89…` and `'=x` are `+49 89…` and `=x`.
pub fn unescape_cell(cell: &str) -> &str {
    let formula = |s: &str| s.starts_with(FORMULA_START);
    match cell.strip_prefix('\'') {
        Some(rest) if formula(rest) || rest.strip_prefix('\'').is_some_and(formula) => rest,
        _ => cell,
    }
}
