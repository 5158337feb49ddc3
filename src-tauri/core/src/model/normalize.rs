//! Normalisation used for de-duplication and matching: domains and company names.

/// A website or domain reduced to its host: scheme, credentials, `www.`, port, path, query and
/// case stripped. Returns `None` when nothing that looks like a host name is left.
///
/// `"https://WWW.Example.co.uk/about?x=1"` → `"example.co.uk"`.
pub fn domain(input: &str) -> Option<String> {
    let s = input.trim();
    if s.is_empty() {
        return None;
    }
    let s = match s.find("://") {
        Some(i) => &s[i + 3..],
        None => s,
    };
    let host = s.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    let host = host.trim_end_matches('.').to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let valid_label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 || !labels.iter().all(|l| valid_label(l)) {
        return None;
    }
    // The top-level label must not be purely numeric (that would be an IP address or garbage).
    if labels
        .last()
        .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    Some(host)
}

/// Legal-form suffixes ignored when comparing company names.
const LEGAL_SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "llc",
    "ltd",
    "limited",
    "plc",
    "gmbh",
    "ag",
    "kg",
    "ug",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "ab",
    "as",
    "oy",
    "aps",
    "co",
    "corp",
    "corporation",
    "company",
    "pty",
    "kft",
    "sro",
    "sp",
    "zoo",
];

/// A company name folded for matching: lower case, diacritics removed (Latin), punctuation and
/// legal-form suffixes dropped, whitespace collapsed. Scripts other than Latin are kept as they
/// are (lower-cased where the script has case).
///
/// `"Müller & Söhne GmbH"` → `"muller sohne"`.
pub fn name(input: &str) -> String {
    let folded = fold(input);
    let mut words: Vec<&str> = folded.split(' ').collect();
    while words.len() > 1 && words.last().is_some_and(|w| LEGAL_SUFFIXES.contains(w)) {
        words.pop();
    }
    words.join(" ")
}

/// Text folded for matching words: lower case, Latin diacritics removed, everything that is not
/// a letter or digit a single space, trimmed. `"Baden-Württemberg"` → `"baden wurttemberg"`.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut space = true;
    for c in input.chars().flat_map(fold_char) {
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// One character folded as `fold` folds it (before spaces are collapsed): lower case, Latin
/// diacritics removed.
pub fn fold_char(c: char) -> impl Iterator<Item = char> {
    c.to_lowercase().map(fold_latin)
}

/// Folds one lower-case Latin letter with a diacritic to its base letter.
fn fold_latin(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => 's',
        'ţ' | 'ť' | 'ŧ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        'ß' => 's',
        'æ' => 'a',
        'œ' => 'o',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_lose_scheme_www_path_port_and_case() {
        let cases = [
            ("https://WWW.Example.co.uk/about?x=1", Some("example.co.uk")),
            (
                "http://user@shop.example.com:8080/",
                Some("shop.example.com"),
            ),
            ("example.com", Some("example.com")),
            ("www.müller-it.de", Some("müller-it.de")),
            ("  ", None),
            ("not a domain", None),
            ("localhost", None),
            ("http://10.0.0.1/", None),
            ("-bad-.com", None),
        ];
        for (input, want) in cases {
            assert_eq!(domain(input).as_deref(), want, "input {input:?}");
        }
    }

    #[test]
    fn names_fold_case_diacritics_punctuation_and_legal_forms() {
        assert_eq!(name("Müller & Söhne GmbH"), "muller sohne");
        assert_eq!(name("MULLER SOHNE"), "muller sohne");
        assert_eq!(name("Acme, Inc."), "acme");
        assert_eq!(name("Ltd"), "ltd", "a name that is only a suffix is kept");
        assert_eq!(name("Σύμβουλοι Δικτύων"), "σύμβουλοι δικτύων");
        assert_eq!(name("東京ネットワーク株式会社"), "東京ネットワーク株式会社");
    }
}
