//! Places as users write them: countries (ISO 3166-1), their subdivisions (ISO 3166-2) and the
//! blocs a profile names ("DACH", "Benelux", "EMEA"), as one hierarchy the fit score matches
//! through: a firm in Germany is inside DACH, a firm in Bavaria is inside Germany.
//!
//! Country and subdivision names in English and in the countries' own languages (and ISO
//! alpha-2/alpha-3 codes, and common forms such as "UK" or "USA") come from the `keshvar` data
//! crate, which build.rs reads and writes out as text (one line per country and subdivision); the
//! blocs are ours, in `assets/data/regions.json`. The index is built once per process, on first
//! use.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::normalize;

/// A place in the hierarchy: bloc ⊃ country ⊃ subdivision.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    /// A bloc's id as in regions.json ("DACH").
    Bloc(String),
    /// ISO 3166-1 alpha-2 ("DE").
    Country(String),
    /// ISO 3166-2 ("DE-BY").
    Subdivision(String),
}

impl Place {
    /// The country a subdivision lies in, or the country itself.
    pub fn country(&self) -> Option<&str> {
        match self {
            Place::Country(c) => Some(c),
            Place::Subdivision(s) => s.split('-').next(),
            Place::Bloc(_) => None,
        }
    }

    /// The countries this place covers (one for a country or subdivision).
    fn countries(&self) -> BTreeSet<String> {
        match self {
            Place::Bloc(id) => index().blocs.get(id).cloned().unwrap_or_default(),
            other => other.country().map(str::to_string).into_iter().collect(),
        }
    }

    /// Whether `self` lies wholly inside `outer` (a place is inside itself).
    pub fn is_inside(&self, outer: &Place) -> bool {
        match (self, outer) {
            (a, b) if a == b => true,
            (_, Place::Subdivision(_)) => false,
            (Place::Bloc(_), Place::Country(_)) => false,
            (inner, Place::Country(c)) => inner.country() == Some(c.as_str()),
            (inner, Place::Bloc(_)) => {
                let outer = outer.countries();
                let inner = inner.countries();
                !inner.is_empty() && inner.is_subset(&outer)
            }
        }
    }

    /// Whether the two places share any ground.
    pub fn overlaps(&self, other: &Place) -> bool {
        if self.is_inside(other) || other.is_inside(self) {
            return true;
        }
        match (self, other) {
            (Place::Subdivision(_), _) | (_, Place::Subdivision(_)) => false,
            _ => !self.countries().is_disjoint(&other.countries()),
        }
    }

    /// The name to show: a country's in English ("Germany"), a subdivision's as ISO gives it, in
    /// its own language ("Bayern", "Vaud"), a bloc's id ("DACH").
    pub fn name(&self) -> String {
        let ix = index();
        match self {
            Place::Bloc(id) => id.clone(),
            Place::Country(c) => ix
                .country_names
                .get(c)
                .cloned()
                .unwrap_or_else(|| c.clone()),
            Place::Subdivision(s) => ix
                .subdivision_names
                .get(s)
                .cloned()
                .unwrap_or_else(|| s.clone()),
        }
    }

    /// How the place is kept in text: the bloc id, the alpha-2 code or the ISO 3166-2 code.
    pub fn code(&self) -> &str {
        match self {
            Place::Bloc(s) | Place::Country(s) | Place::Subdivision(s) => s,
        }
    }
}

struct Index {
    /// folded name or code → alpha-2
    countries: HashMap<String, String>,
    /// alpha-2 → folded subdivision name or code → ISO 3166-2
    subdivisions: HashMap<String, HashMap<String, String>>,
    /// folded subdivision name → ISO 3166-2 codes with that name anywhere (for names with no country)
    subdivisions_anywhere: HashMap<String, Vec<String>>,
    /// folded bloc name → bloc id
    bloc_names: HashMap<String, String>,
    /// bloc id → alpha-2 codes
    blocs: HashMap<String, BTreeSet<String>>,
    country_names: HashMap<String, String>,
    subdivision_names: HashMap<String, String>,
}

#[derive(Deserialize)]
struct BlocFile {
    blocs: Vec<BlocDef>,
    /// alpha-2 → names the data crate lacks
    #[serde(default)]
    country_names: HashMap<String, Vec<String>>,
}

#[derive(Deserialize)]
struct BlocDef {
    id: String,
    names: Vec<String>,
    #[serde(default)]
    countries: Vec<String>,
    #[serde(default)]
    from: Vec<String>,
}

/// A country as build.rs wrote it from the `keshvar` data.
struct Country<'a> {
    alpha2: &'a str,
    alpha3: &'a str,
    /// keshvar's `Region` ("Europe", "Asia", …), empty when it has none.
    region: &'a str,
    /// keshvar's `SubRegion` ("WesternAsia", "Caribbean", …), empty when it has none.
    subregion: &'a str,
    eu_member: bool,
    iso_short_name: &'a str,
    iso_long_name: &'a str,
    unofficial_names: Vec<&'a str>,
    subdivisions: Vec<Subdivision<'a>>,
}

struct Subdivision<'a> {
    code: &'a str,
    name: &'a str,
    unofficial_names: Vec<&'a str>,
}

/// The `keshvar` data as build.rs wrote it (`write_iso3166`): one line per country and subdivision.
const ISO3166_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/iso3166.tsv"));

/// The countries and their subdivisions, in the data crate's order.
fn iso3166() -> Vec<Country<'static>> {
    let list = |s: &'static str| s.split('|').filter(|n| !n.is_empty()).collect::<Vec<_>>();
    let mut all: Vec<Country<'static>> = Vec::new();
    for line in ISO3166_TSV.lines() {
        let f: Vec<&'static str> = line.split('\t').collect();
        match f.as_slice() {
            ["C", a2, a3, region, subregion, eu, short, long, names] => all.push(Country {
                alpha2: a2,
                alpha3: a3,
                region,
                subregion,
                eu_member: *eu == "1",
                iso_short_name: short,
                iso_long_name: long,
                unofficial_names: list(names),
                subdivisions: Vec::new(),
            }),
            ["S", a2, code, name, names] => {
                if let Some(c) = all.last_mut().filter(|c| c.alpha2 == *a2) {
                    c.subdivisions.push(Subdivision {
                        code,
                        name,
                        unofficial_names: list(names),
                    });
                }
            }
            // build.rs writes no other line; a test checks the data is whole.
            _ => {}
        }
    }
    all
}

fn in_group(c: &Country, group: &str) -> bool {
    match group {
        "eu" => c.eu_member,
        "europe" => c.region == "Europe",
        "africa" => c.region == "Africa",
        "asia" => c.region == "Asia",
        "oceania" => c.region == "Oceania",
        "americas" => c.region == "Americas",
        "middle_east" => c.subregion == "WesternAsia",
        "latin_america" => matches!(c.subregion, "SouthAmerica" | "CentralAmerica" | "Caribbean"),
        _ => false,
    }
}

fn build() -> Index {
    let mut ix = Index {
        countries: HashMap::new(),
        subdivisions: HashMap::new(),
        subdivisions_anywhere: HashMap::new(),
        bloc_names: HashMap::new(),
        blocs: HashMap::new(),
        country_names: HashMap::new(),
        subdivision_names: HashMap::new(),
    };
    let all = iso3166();
    for c in &all {
        let a2 = c.alpha2.to_string();
        let mut names: Vec<&str> = vec![c.iso_short_name, c.iso_long_name];
        names.extend(&c.unofficial_names);
        // The data lists the common English name first ("United Kingdom", not the ISO long form).
        let en = c
            .unofficial_names
            .first()
            .copied()
            .unwrap_or(c.iso_short_name);
        ix.country_names.insert(a2.clone(), en.to_string());
        for n in names {
            ix.countries.entry(fold(n)).or_insert_with(|| a2.clone());
        }
        let mut subs = HashMap::new();
        for s in &c.subdivisions {
            let code = s.code;
            let full = format!("{a2}-{code}");
            // ISO's name is the local one ("Bayern", "Vaud (fr)"); shown without the language.
            let local = s
                .name
                .trim_end_matches(" (de)")
                .trim_end_matches(" (fr)")
                .trim_end_matches(" (it)");
            ix.subdivision_names.insert(full.clone(), local.to_string());
            let mut names: Vec<&str> = vec![s.name, local, code];
            names.extend(&s.unofficial_names);
            for n in names {
                let key = fold(n);
                if key.is_empty() {
                    continue;
                }
                if n != code {
                    let anywhere = ix.subdivisions_anywhere.entry(key.clone()).or_default();
                    if !anywhere.contains(&full) {
                        anywhere.push(full.clone());
                    }
                }
                subs.entry(key).or_insert_with(|| full.clone());
            }
        }
        ix.subdivisions.insert(a2, subs);
    }
    // Codes win over names that happen to fold the same ("IN" is India, not the word "in").
    for c in &all {
        let a2 = c.alpha2.to_string();
        ix.countries.insert(fold(&a2), a2.clone());
        ix.countries.insert(fold(c.alpha3), a2.clone());
    }
    let file: BlocFile = serde_json::from_str(include_str!("../../../../assets/data/regions.json"))
        .unwrap_or(BlocFile {
            blocs: Vec::new(),
            country_names: HashMap::new(),
        });
    for (a2, names) in &file.country_names {
        for n in names {
            ix.countries.insert(fold(n), a2.clone());
        }
    }
    for b in file.blocs {
        let mut members: BTreeSet<String> = b.countries.iter().cloned().collect();
        for group in &b.from {
            members.extend(
                all.iter()
                    .filter(|c| in_group(c, group))
                    .map(|c| c.alpha2.to_string()),
            );
        }
        for n in b.names.iter().chain(std::iter::once(&b.id)) {
            ix.bloc_names.insert(fold(n), b.id.clone());
        }
        ix.blocs.insert(b.id, members);
    }
    ix
}

fn index() -> &'static Index {
    static INDEX: LazyLock<Index> = LazyLock::new(build);
    &INDEX
}

fn fold(s: &str) -> String {
    let f = normalize::fold(s);
    // "St. Gallen" is "Sankt Gallen" in the data.
    match f.strip_prefix("st ") {
        Some(rest) => format!("sankt {rest}"),
        None => f,
    }
}

/// The ISO 3166-1 alpha-2 code of a country as users write it: "Germany", "Deutschland", "DE",
/// "DEU", "UK", "USA", "Österreich", "España". `None` when it names no country.
pub fn country_code(s: &str) -> Option<String> {
    let key = fold(s);
    if key.is_empty() {
        return None;
    }
    index().countries.get(&key).cloned()
}

/// A subdivision of `country` (alpha-2) by name, local name or code: "Bayern", "Bavaria", "BY".
pub fn subdivision(country: &str, s: &str) -> Option<String> {
    let key = fold(s);
    index().subdivisions.get(country)?.get(&key).cloned()
}

/// What a region a user typed means: a bloc, a country, or a subdivision (within `country` when
/// given; otherwise only when its name is unambiguous). `None` for anything else.
pub fn resolve(s: &str, country: Option<&str>) -> Option<Place> {
    let key = fold(s);
    if key.is_empty() {
        return None;
    }
    let ix = index();
    if let Some(id) = ix.bloc_names.get(&key) {
        return Some(Place::Bloc(id.clone()));
    }
    if let Some(c) = country {
        if let Some(sub) = subdivision(c, s) {
            return Some(Place::Subdivision(sub));
        }
    }
    if let Some(code) = ix.countries.get(&key) {
        return Some(Place::Country(code.clone()));
    }
    if let Some(code) = ix
        .subdivision_names
        .get(s.trim())
        .map(|_| s.trim().to_string())
    {
        return Some(Place::Subdivision(code));
    }
    match ix.subdivisions_anywhere.get(&key).map(Vec::as_slice) {
        Some([only]) => Some(Place::Subdivision(only.clone())),
        _ => None,
    }
}

/// One choice in a region picker: grouped by kind, each listed once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RegionOption {
    /// What is stored: the bloc id, alpha-2 code or ISO 3166-2 code.
    pub code: String,
    /// The English name.
    pub name: String,
    /// "bloc", "country", "subdivision", or "other" (a text that names no place known here).
    pub kind: String,
    /// For a subdivision, its country's alpha-2 code.
    pub country: Option<String>,
}

/// A place as a picker shows it.
pub fn option(p: &Place) -> RegionOption {
    RegionOption {
        code: p.code().to_string(),
        name: p.name(),
        kind: match p {
            Place::Bloc(_) => "bloc",
            Place::Country(_) => "country",
            Place::Subdivision(_) => "subdivision",
        }
        .into(),
        country: match p {
            Place::Subdivision(_) => p.country().map(str::to_string),
            _ => None,
        },
    }
}

/// What each text means as a place, for a profile's regions (None: no place known here, so it is
/// compared as words).
pub fn describe(texts: &[String]) -> Vec<Option<RegionOption>> {
    texts
        .iter()
        .map(|t| resolve(t, None).map(|p| option(&p)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_found_in_english_their_own_language_and_by_code() {
        for (s, want) in [
            ("Germany", "DE"),
            ("Deutschland", "DE"),
            ("DE", "DE"),
            ("deu", "DE"),
            ("Österreich", "AT"),
            ("Austria", "AT"),
            ("Schweiz", "CH"),
            ("Suisse", "CH"),
            ("Switzerland", "CH"),
            ("España", "ES"),
            ("UK", "GB"),
            ("United Kingdom", "GB"),
            ("USA", "US"),
            ("Danmark", "DK"),
            ("Italia", "IT"),
            ("Nederland", "NL"),
            ("Polska", "PL"),
            ("Czechia", "CZ"),
            ("Czech Republic", "CZ"),
            ("  france ", "FR"),
        ] {
            assert_eq!(country_code(s).as_deref(), Some(want), "{s}");
        }
        assert_eq!(country_code("Atlantis"), None);
        assert_eq!(country_code(""), None);
    }

    #[test]
    fn regions_nest_bloc_country_subdivision() {
        let de = resolve("Germany", None).expect("de");
        let dach = resolve("DACH", None).expect("dach");
        let bavaria = resolve("Bavaria", None).expect("bavaria");
        assert_eq!(bavaria, Place::Subdivision("DE-BY".into()));
        assert_eq!(
            resolve("Bayern", Some("DE")),
            Some(Place::Subdivision("DE-BY".into()))
        );
        assert_eq!(
            resolve("BY", Some("DE")),
            Some(Place::Subdivision("DE-BY".into()))
        );
        assert_eq!(
            resolve("Tirol", Some("AT")),
            Some(Place::Subdivision("AT-7".into()))
        );
        assert!(de.is_inside(&dach));
        assert!(bavaria.is_inside(&de));
        assert!(bavaria.is_inside(&dach));
        assert!(!de.is_inside(&bavaria));
        assert!(!resolve("Italy", None).expect("it").is_inside(&dach));
        let eu = resolve("EU", None).expect("eu");
        assert!(de.is_inside(&eu));
        assert!(!resolve("Switzerland", None).expect("ch").is_inside(&eu));
        assert!(dach.overlaps(&eu), "DACH and the EU share Germany");
        assert!(resolve("EMEA", None).is_some_and(|emea| dach.is_inside(&emea)));
        assert_eq!(de.name(), "Germany");
        assert_eq!(bavaria.name(), "Bayern");
    }

    #[test]
    fn the_iso_data_written_by_the_build_is_whole() {
        for (n, line) in ISO3166_TSV.lines().enumerate() {
            let fields = line.split('\t').count();
            assert!(
                matches!((line.get(..2), fields), (Some("C\t"), 9) | (Some("S\t"), 5)),
                "line {} of iso3166.tsv: {line:?}",
                n + 1
            );
        }
        let all = iso3166();
        assert!(all.len() >= 249, "{} countries", all.len());
        let subs: usize = all.iter().map(|c| c.subdivisions.len()).sum();
        assert!(subs >= 4500, "{subs} subdivisions");
        let de = all.iter().find(|c| c.alpha2 == "DE").expect("Germany");
        assert_eq!(
            (de.alpha3, de.region, de.eu_member),
            ("DEU", "Europe", true)
        );
        assert_eq!(de.subdivisions.len(), 16);
        let jm = all.iter().find(|c| c.alpha2 == "JM").expect("Jamaica");
        assert!(in_group(jm, "latin_america"));
        let ae = all.iter().find(|c| c.alpha2 == "AE").expect("Emirates");
        assert!(in_group(ae, "middle_east") && !in_group(ae, "eu"));
    }
}
