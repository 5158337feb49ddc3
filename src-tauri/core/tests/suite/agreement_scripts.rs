//! Every script typeset: an agreement with partners named in Arabic, Hebrew, Thai and
//! Devanagari is shaped and ordered (pdftotext reads each name back in logical order, from
//! embedded Noto faces), a Latin-only agreement embeds none of those faces and stays small,
//! and no text — a 300-character name included — runs outside the margins.

use allybook_core::agreement;
use allybook_core::contract::ContractVersion;
use allybook_core::terms::Terms;

const NAMES: [&str; 4] = [
    "مؤسسة الشبكات المتحدة",
    "רשתות הגליל בע״מ",
    "บริษัท ไทยเน็ตเวิร์ค จำกัด",
    "नेटवर्क समाधान प्राइवेट लिमिटेड",
];

fn version(partner: &str, signatory: &str) -> ContractVersion {
    let mut t = Terms::default();
    t.parties.us.name = "Alpenwerk IT GmbH".into();
    t.parties.partner.name = partner.into();
    t.parties.partner.signatory = signatory.into();
    t.revenue_share.currency = "EUR".into();
    t.revenue_share.share_bp = Some(1000);
    t.territory = "DACH and the Gulf".into();
    crate::support::draft(&t)
}

fn tool(name: &str, args: &[&str], pdf: &[u8]) -> Option<String> {
    crate::support::pdf_tool(name, args, pdf, true)
}

fn fonts(pdf: &[u8]) -> Option<String> {
    crate::support::pdf_tool("pdffonts", &[], pdf, false)
}

/// Every word's box (pdftotext -bbox) lies inside the page's margins.
fn words_outside_margins(pdf: &[u8]) -> Option<Vec<String>> {
    let html = tool("pdftotext", &["-bbox"], pdf)?;
    let attr = |tag: &str, name: &str| -> f32 {
        tag.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    };
    let (left, right) = (56.0 - 1.0, 595.28 - 56.0 + 1.0);
    Some(
        html.split("<word ")
            .skip(1)
            .filter_map(|w| {
                let (x0, x1) = (attr(w, "xMin"), attr(w, "xMax"));
                (x0 < left || x1 > right).then(|| format!("{w:.80}"))
            })
            .collect(),
    )
}

#[test]
fn partners_in_arabic_hebrew_thai_and_devanagari_read_back_in_logical_order() {
    for name in NAMES {
        let pdf = agreement::document(&version(name, name), "Lena Huber").expect("pdf");
        let Some(text) = tool("pdftotext", &[], &pdf) else {
            println!("note: pdftotext (poppler-utils) is not installed; the text is not checked");
            return;
        };
        let flat = text.replace('\n', " ");
        assert!(
            flat.contains(name),
            "{name} not read back in logical order:\n{text}"
        );
        let outside = words_outside_margins(&pdf).expect("bbox");
        assert!(
            outside.is_empty(),
            "{name}: outside the margins: {outside:?}"
        );
        let f = fonts(&pdf).unwrap_or_default();
        assert!(
            f.contains("NotoSans"),
            "{name}: drawn with a Noto face:\n{f}"
        );
    }
}

#[test]
fn a_latin_only_agreement_embeds_no_script_face_and_stays_small() {
    let pdf = agreement::document(&version("Fjord Identity AS", "Ola Nordmann"), "Lena Huber")
        .expect("pdf");
    assert!(pdf.len() < 150_000, "{} bytes", pdf.len());
    if let Some(f) = fonts(&pdf) {
        assert!(!f.contains("Noto"), "{f}");
    }
}

#[test]
fn a_300_character_name_stays_inside_the_margins_running_header_included() {
    let long = format!(
        "{}GmbH",
        "Verbundnetzwerkdienstleistungsgesellschaft".repeat(7)
    );
    assert!(long.chars().count() > 290);
    let spaced = format!("Müller {} und Partner", "Netzwerk ".repeat(34));
    for name in [long.as_str(), spaced.as_str()] {
        let pdf = agreement::document(&version(name, name), "Lena Huber").expect("pdf");
        let Some(outside) = words_outside_margins(&pdf) else {
            println!("note: pdftotext is not installed; the margins are not checked");
            return;
        };
        assert!(outside.is_empty(), "outside the margins: {outside:?}");
        let text = tool("pdftotext", &[], &pdf).unwrap_or_default();
        assert!(
            text.contains('…'),
            "the running header is cut with an ellipsis"
        );
    }
}

#[test]
fn emoji_and_symbols_are_drawn_from_the_symbol_face_not_as_boxes() {
    let name = "Cloud ☁️ Partners 🚀 GmbH";
    let pdf = agreement::document(&version(name, "Ola Nordmann"), "x").expect("pdf");
    let Some(f) = fonts(&pdf) else { return };
    assert!(f.contains("Symbola"), "{f}");
    let text = tool("pdftotext", &[], &pdf).unwrap_or_default();
    assert!(text.contains("🚀"), "{text}");
}

#[test]
fn a_dossier_of_a_partner_named_in_arabic_is_shaped_too() {
    use allybook_core::import::{self, ImportOptions};
    let dir = tempfile::tempdir().expect("tmp");
    let mut s = allybook_core::Store::open(&dir.path().join("b.sqlite")).expect("open");
    let csv = format!(
        "name,country,description\n{},AE,{} — managed networks\n",
        NAMES[0], NAMES[1]
    );
    import::import(&mut s, csv.as_bytes(), "p.csv", &ImportOptions::default()).expect("import");
    let id: i64 = s
        .conn()
        .query_row("SELECT id FROM prospect", [], |r| r.get(0))
        .expect("id");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).expect("day");
    let pdf = allybook_core::dossier::render(s.conn(), id, day).expect("dossier");
    let Some(text) = tool("pdftotext", &[], &pdf) else {
        return;
    };
    let flat = text.replace('\n', " ");
    assert!(flat.contains(NAMES[0]), "{text}");
    assert!(flat.contains(NAMES[1]), "{text}");
    assert!(words_outside_margins(&pdf).expect("bbox").is_empty());
}
