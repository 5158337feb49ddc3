//! The explainable fit score, as a rule: 0–100 for a prospect against our profile, with each
//! criterion's contribution and the reason for it. Pure: the inputs and weights are loaded by
//! `store::queries::fit`, the scores written by `ops::scoring`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::domain::Profile;
pub use crate::model::domain::{FitContribution, FitExplanation};
use crate::model::error::{Error, Result};
use crate::model::geo::{self, Place};
use crate::model::normalize;
use crate::model::vocabulary::{self, Evidence};
use crate::model::words::{Phrase, EVIDENCE_SOURCE, ITEM_PART, LIST_ITEM};

/// How much each criterion counts. Overlap subtracts; the others add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FitWeights {
    pub complementarity: i64,
    pub overlap: i64,
    pub region: i64,
    pub vertical: i64,
    pub size: i64,
    pub certifications: i64,
    pub culture: i64,
    pub capacity: i64,
}

impl Default for FitWeights {
    fn default() -> Self {
        FitWeights {
            complementarity: 30,
            overlap: 20,
            region: 15,
            vertical: 15,
            size: 10,
            certifications: 15,
            culture: 10,
            capacity: 5,
        }
    }
}

impl FitWeights {
    pub fn validate(&self) -> Result<()> {
        let all = [
            ("complementarity", self.complementarity),
            ("overlap", self.overlap),
            ("region", self.region),
            ("vertical", self.vertical),
            ("size", self.size),
            ("certifications", self.certifications),
            ("culture", self.culture),
            ("capacity", self.capacity),
        ];
        let mut errors = Vec::new();
        for (field, w) in all {
            if !(0..=100).contains(&w) {
                errors.push(crate::model::domain::FieldError::said(
                    field,
                    "invalid.weight",
                    &[],
                ));
            }
        }
        if errors.is_empty() && self.positive_total() == 0 {
            errors.push(crate::model::domain::FieldError::said(
                "complementarity",
                "invalid.weights_zero",
                &[],
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Fields(errors))
        }
    }

    fn positive_total(&self) -> i64 {
        self.complementarity
            + self.region
            + self.vertical
            + self.size
            + self.certifications
            + self.culture
            + self.capacity
    }
}

/// What the score looks at for one prospect.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FitInput {
    pub country: String,
    pub industry: String,
    /// Read for what the firm does, with `tags` (see `vocabulary`).
    pub description: String,
    pub tags: Vec<String>,
    pub employees: Option<i64>,
    pub regions: Vec<String>,
    pub verticals: Vec<String>,
    pub offerings: Vec<String>,
    pub services: Vec<String>,
    /// (name, expires_on)
    pub certifications: Vec<(String, Option<String>)>,
    pub culture_score: Option<i64>,
    pub capacity_score: Option<i64>,
}

fn fold(s: &str) -> String {
    normalize::name(s)
}

/// Two capability phrases match when equal after folding, or one contains the other as whole
/// words ("Cisco networking" ~ "Cisco networking and SD-WAN").
fn matches(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let contains = |long: &str, short: &str| {
        short.len() >= 3 && format!(" {long} ").contains(&format!(" {short} "))
    };
    a == b || contains(&a, &b) || contains(&b, &a)
}

fn list(items: &[String]) -> String {
    items.join(", ")
}

/// Scores `p` against `profile` with `weights`, as of `today` (certifications expire), with each
/// criterion's reason in English and as a phrase for the window's and the dossier's language.
pub fn explain(
    profile: &Profile,
    weights: &FitWeights,
    p: &FitInput,
    today: NaiveDate,
) -> FitExplanation {
    explain_in(profile, weights, p, today, true)
}

/// The score alone, as [`explain`] computes it, without building the reasons' phrases (an
/// import scores every new row).
pub fn score(profile: &Profile, weights: &FitWeights, p: &FitInput, today: NaiveDate) -> i64 {
    explain_in(profile, weights, p, today, false).score
}

/// One item of a phrase's list: a plain text, or what matched with the words that show it and
/// the field they were found in (`fit.evidence`), for each language to say.
fn list_item(label: &str, why: &[(String, &'static str)]) -> String {
    let mut item = label.to_string();
    for (words, source) in why {
        item.push(ITEM_PART);
        item.push_str(words);
        item.push(EVIDENCE_SOURCE);
        item.push_str(source.trim_start_matches("the "));
    }
    item
}

fn list_of(items: impl IntoIterator<Item = String>) -> String {
    items
        .into_iter()
        .collect::<Vec<_>>()
        .join(&LIST_ITEM.to_string())
}

fn explain_in(
    profile: &Profile,
    weights: &FitWeights,
    p: &FitInput,
    today: NaiveDate,
    detailed: bool,
) -> FitExplanation {
    let total = weights.positive_total().max(1) as f64;
    let mut contributions = Vec::new();
    let mut raw = 0.0;
    let mut add = |criterion: &str,
                   label: &str,
                   weight: i64,
                   fraction: f64,
                   detail: String,
                   words: &dyn Fn() -> Phrase,
                   sign: f64| {
        let points = sign * 100.0 * weight as f64 * fraction / total;
        raw += points;
        contributions.push(FitContribution {
            criterion: criterion.into(),
            label: label.into(),
            weight,
            points: (points * 10.0).round() / 10.0,
            detail,
            detail_words: if detailed { words() } else { Phrase::default() },
        });
    };
    let say = |key: &str, args: &[(&str, String)]| Phrase::new(key, args);

    // Formatted only when there is something to compare (an import scores 100k rows).
    let today_iso = if p.certifications.is_empty() {
        String::new()
    } else {
        today.format("%Y-%m-%d").to_string()
    };
    let current_certs: Vec<String> = p
        .certifications
        .iter()
        .filter(|(_, exp)| exp.as_deref().is_none_or(|e| e >= today_iso.as_str()))
        .map(|(n, _)| n.clone())
        .collect();
    let expired = p.certifications.len() - current_certs.len();
    let capabilities: Vec<&String> = p
        .offerings
        .iter()
        .chain(&p.services)
        .chain(&current_certs)
        .collect();

    // What they do, read from every field that says it (industry, description, tags, …).
    let mut evidence = Evidence::default();
    evidence.read(&p.industry, "the industry");
    evidence.read(&p.description, "the description");
    for (items, source) in [
        (&p.tags, "the tags"),
        (&p.offerings, "the offerings"),
        (&p.services, "the services"),
        (&current_certs, "the certifications"),
    ] {
        for item in items {
            evidence.read(item, source);
        }
    }
    // A need is met when the words match ("Cisco networking" ~ "Cisco networking and SD-WAN") or
    // when the firm shows every concept the need names (Meraki for "Cisco networking"); the
    // evidence is empty for a match by words.
    let meets = |need: &str| -> Option<Vec<(String, &'static str)>> {
        if capabilities.iter().any(|c| matches(need, c)) {
            return Some(Vec::new());
        }
        let wanted = vocabulary::concepts(need);
        (evidence.covers(&wanted) == Some(true)).then(|| evidence.found_for(&wanted))
    };
    type Found = Vec<(String, Vec<(String, &'static str)>)>;
    let describe = |found: &Found| {
        found
            .iter()
            .map(|(g, why)| {
                if why.is_empty() {
                    g.clone()
                } else {
                    let parts: Vec<String> = why
                        .iter()
                        .map(|(words, source)| format!("“{words}” in {source}"))
                        .collect();
                    format!("{g} ({})", parts.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let listed = |found: &Found| list_of(found.iter().map(|(g, why)| list_item(g, why)));

    // Complementarity: the share of our gaps they cover.
    let covered: Found = profile
        .gaps
        .iter()
        .filter_map(|g| meets(g).map(|why| (g.clone(), why)))
        .collect();
    let (fraction, detail, key) = if profile.gaps.is_empty() {
        (
            0.0,
            "No gaps in your profile yet: add the gaps a partner should fill in Settings."
                .to_string(),
            "fit.no_gaps",
        )
    } else if covered.is_empty() {
        (
            0.0,
            format!("Covers none of your {} gaps.", profile.gaps.len()),
            "fit.covers_none",
        )
    } else {
        (
            covered.len() as f64 / profile.gaps.len() as f64,
            format!(
                "Covers {} of your {} gaps: {}.",
                covered.len(),
                profile.gaps.len(),
                describe(&covered)
            ),
            "fit.covers",
        )
    };
    add(
        "complementarity",
        "Complements our gaps",
        weights.complementarity,
        fraction,
        detail,
        &|| {
            say(
                key,
                &[
                    ("n", covered.len().to_string()),
                    ("total", profile.gaps.len().to_string()),
                    ("list", listed(&covered)),
                ],
            )
        },
        1.0,
    );

    // Overlap: the share of our core offering they also sell (competition risk), by the same
    // reading of what they do.
    let overlapping: Found = profile
        .offerings
        .iter()
        .filter_map(|o| {
            if p.offerings.iter().chain(&p.services).any(|c| matches(o, c)) {
                return Some((o.clone(), Vec::new()));
            }
            let wanted = vocabulary::concepts(o);
            (evidence.covers(&wanted) == Some(true))
                .then(|| (o.clone(), evidence.found_for(&wanted)))
        })
        .collect();
    let (fraction, detail, key) = if overlapping.is_empty() {
        (
            0.0,
            "Sells none of our core offerings.".to_string(),
            "fit.sells_none",
        )
    } else {
        (
            overlapping.len() as f64 / profile.offerings.len().max(1) as f64,
            format!("Also sells {}: a competition risk.", describe(&overlapping)),
            "fit.also_sells",
        )
    };
    add(
        "overlap",
        "Overlaps our core offering",
        weights.overlap,
        fraction,
        detail,
        &|| say(key, &[("list", listed(&overlapping))]),
        -1.0,
    );

    // Region: where they are and work, against where we do, through the hierarchy
    // bloc ⊃ country ⊃ subdivision (a firm in Germany is inside DACH).
    let (fraction, detail, phrase) = region_fit(profile, p, detailed);
    add(
        "region",
        "Region",
        weights.region,
        fraction,
        detail,
        &|| phrase.clone(),
        1.0,
    );

    // Vertical: customers in the same industries.
    let their_verticals: Vec<&String> = p
        .verticals
        .iter()
        .chain(std::iter::once(&p.industry))
        .filter(|s| !s.is_empty())
        .collect();
    let shared: Vec<String> = profile
        .verticals
        .iter()
        .filter(|v| their_verticals.iter().any(|t| matches(t, v)))
        .cloned()
        .collect();
    let (fraction, detail, key) = match shared.len() {
        0 if their_verticals.is_empty() => (
            0.0,
            "Verticals unknown.".to_string(),
            "fit.verticals_unknown",
        ),
        0 => (0.0, "No vertical in common.".to_string(), "fit.no_vertical"),
        1 => (
            0.5,
            format!("Shares one vertical: {}.", list(&shared)),
            "fit.one_vertical",
        ),
        _ => (
            1.0,
            format!("Shares verticals: {}.", list(&shared)),
            "fit.verticals",
        ),
    };
    add(
        "vertical",
        "Vertical",
        weights.vertical,
        fraction,
        detail,
        &|| say(key, &[("list", list_of(shared.iter().cloned()))]),
        1.0,
    );

    // Size: a partner of comparable size is easier to team with.
    let (fraction, detail, key) = match (p.employees, profile.employees) {
        (None, _) => (0.0, "Size unknown.".to_string(), "fit.size_unknown"),
        (_, None) => (
            0.0,
            "Add your company's size in Settings to compare.".to_string(),
            "fit.add_size",
        ),
        (Some(theirs), Some(ours)) if ours > 0 && theirs > 0 => {
            let ratio = theirs as f64 / ours as f64;
            if (0.25..=4.0).contains(&ratio) {
                (
                    1.0,
                    format!("{theirs} employees: comparable to your {ours}."),
                    "fit.size_comparable",
                )
            } else if (0.1..=10.0).contains(&ratio) {
                (
                    0.5,
                    format!("{theirs} employees against your {ours}: a stretch."),
                    "fit.size_stretch",
                )
            } else {
                (
                    0.0,
                    format!("{theirs} employees against your {ours}: very different size."),
                    "fit.size_different",
                )
            }
        }
        _ => (0.0, "Size unknown.".to_string(), "fit.size_unknown"),
    };
    let count = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    add(
        "size",
        "Size",
        weights.size,
        fraction,
        detail,
        &|| {
            say(
                key,
                &[
                    ("employees", count(p.employees)),
                    ("our_employees", count(profile.employees)),
                ],
            )
        },
        1.0,
    );

    // Certifications: current vendor certifications as capability evidence.
    let fraction = current_certs.len().min(3) as f64 / 3.0;
    let mut detail = if current_certs.is_empty() {
        "No current vendor certification on record.".to_string()
    } else {
        format!("{} current: {}.", current_certs.len(), list(&current_certs))
    };
    if expired > 0 {
        detail.push_str(&format!(" {expired} expired."));
    }
    let certs = || {
        let expired = ("expired", expired.to_string());
        if current_certs.is_empty() {
            say("fit.no_certs", &[expired])
        } else {
            say(
                "fit.certs",
                &[
                    ("n", current_certs.len().to_string()),
                    ("list", list_of(current_certs.iter().cloned())),
                    expired,
                ],
            )
        }
    };
    add(
        "certifications",
        "Certifications",
        weights.certifications,
        fraction,
        detail,
        &certs,
        1.0,
    );

    for (key, label, weight, answer) in [
        ("culture", "Culture fit", weights.culture, p.culture_score),
        ("capacity", "Capacity", weights.capacity, p.capacity_score),
    ] {
        let (fraction, detail, phrase) = match answer {
            Some(s) => (
                (s.clamp(1, 5) - 1) as f64 / 4.0,
                format!("Rated {s} of 5 in vetting."),
                "fit.rated",
            ),
            None => (0.0, "Not yet vetted.".to_string(), "fit.not_vetted"),
        };
        add(
            key,
            label,
            weight,
            fraction,
            detail,
            &|| say(phrase, &[("score", count(answer))]),
            1.0,
        );
    }

    FitExplanation {
        score: raw.round().clamp(0.0, 100.0) as i64,
        contributions,
    }
}

/// The region criterion: 1 when where the firm is (or works) lies inside one of our regions, or
/// one of its service areas overlaps one; ½ when only the country is known and our region is a
/// subdivision of it; 0 otherwise.
/// A place as the user wrote it, with its name when they wrote a code ("SG (Sankt Gallen)").
fn shown(place: &Place, text: &str) -> String {
    let t = text.trim();
    if t.chars().count() <= 3 && t == place.code().rsplit('-').next().unwrap_or("") {
        format!("{t} ({})", place.name())
    } else {
        t.to_string()
    }
}

fn region_fit(profile: &Profile, p: &FitInput, detailed: bool) -> (f64, String, Phrase) {
    let say = |key: &str, args: &[(&str, &str)]| {
        if detailed {
            let args: Vec<(&str, String)> = args.iter().map(|(k, v)| (*k, v.to_string())).collect();
            Phrase::new(key, &args)
        } else {
            Phrase::default()
        }
    };
    let country = geo::country_code(&p.country);
    let home = country.clone().map(Place::Country);
    // Their regions: a subdivision of their country ("Bayern"), or a service area ("DACH"),
    // each with the words they were written in (shown as written).
    let mut areas: Vec<(Place, &str)> = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    for r in &p.regions {
        match geo::resolve(r, country.as_deref()) {
            Some(place) => areas.push((place, r.as_str())),
            None => unknown.push(r),
        }
    }
    let home_text = p.country.trim();
    if areas.is_empty() && unknown.is_empty() && home_text.is_empty() {
        return (
            0.0,
            "Region unknown.".to_string(),
            say("fit.region_unknown", &[]),
        );
    }
    if profile.regions.is_empty() {
        return (
            0.0,
            "Add the regions you serve in Settings.".to_string(),
            say("fit.add_regions", &[]),
        );
    }
    let has_subdivision = areas
        .iter()
        .any(|(a, _)| matches!(a, Place::Subdivision(_)));
    // Where they are: their subdivision, else their country.
    let located: Vec<(&Place, &str)> = areas
        .iter()
        .filter(|(a, _)| matches!(a, Place::Subdivision(_)))
        .map(|(a, t)| (a, *t))
        .chain(
            home.iter()
                .filter(|_| !has_subdivision)
                .map(|h| (h, home_text)),
        )
        .collect();
    let mut partial: Option<(String, Phrase)> = None;
    for ours in &profile.regions {
        let Some(region) = geo::resolve(ours, None) else {
            // A region the hierarchy does not know is compared as words.
            if unknown
                .iter()
                .chain([&home_text])
                .any(|t| fold(t) == fold(ours))
            {
                return (
                    1.0,
                    format!("Shares your region {ours}."),
                    say("fit.shares_region", &[("ours", ours)]),
                );
            }
            continue;
        };
        if let Some((place, text)) = located.iter().find(|(l, _)| l.is_inside(&region)) {
            let text = shown(place, text);
            return if **place == region {
                (
                    1.0,
                    format!("In {ours}, one of your regions."),
                    say("fit.in_region", &[("ours", ours)]),
                )
            } else {
                (
                    1.0,
                    format!("In {text}, inside your region {ours}."),
                    say("fit.inside_region", &[("place", &text), ("ours", ours)]),
                )
            };
        }
        if let Some((place, text)) = areas.iter().find(|(a, _)| a.overlaps(&region)) {
            let text = shown(place, text);
            return (
                1.0,
                format!("Works in {text}, which covers your region {ours}."),
                say("fit.works_in", &[("place", &text), ("ours", ours)]),
            );
        }
        if let (Place::Subdivision(_), Some(h), false) = (&region, &home, has_subdivision) {
            if region.is_inside(h) {
                partial = Some((
                    format!(
                        "In {home_text}, where your region {ours} is, but their state or province is not known: half credit."
                    ),
                    say("fit.half_region", &[("place", home_text), ("ours", ours)]),
                ));
            }
        }
    }
    let theirs: Vec<&str> = areas
        .iter()
        .map(|(_, t)| *t)
        .chain(unknown.iter().copied())
        .chain((!home_text.is_empty()).then_some(home_text))
        .collect();
    match partial {
        Some((d, phrase)) => (0.5, d, phrase),
        None => (
            0.0,
            format!(
                "Works in {}, outside your regions ({}).",
                theirs.join(", "),
                profile.regions.join(", ")
            ),
            say(
                "fit.outside",
                &[
                    ("places", &theirs.join(", ")),
                    ("regions", &profile.regions.join(", ")),
                ],
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> Profile {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        Profile {
            name: "Keystone".into(),
            currency: "EUR".into(),
            employees: Some(60),
            offerings: v(&["Microsoft 365 managed services", "Service desk"]),
            gaps: v(&[
                "Managed detection and response",
                "Cisco networking",
                "Backup and disaster recovery",
                "OT security",
            ]),
            regions: v(&["DACH", "Bavaria"]),
            verticals: v(&["Manufacturing", "Healthcare"]),
            ..Profile::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
    }

    #[test]
    fn a_complementary_partner_in_our_region_scores_high_and_says_why() {
        let p = FitInput {
            country: "Germany".into(),
            employees: Some(85),
            regions: vec!["DACH".into()],
            verticals: vec!["Healthcare".into(), "Manufacturing".into()],
            offerings: vec![
                "Managed detection and response".into(),
                "Cisco networking".into(),
            ],
            certifications: vec![
                ("Fortinet Expert Partner".into(), Some("2027-06-01".into())),
                ("Old cert".into(), Some("2025-01-01".into())),
            ],
            culture_score: Some(5),
            capacity_score: Some(3),
            ..FitInput::default()
        };
        let e = explain(&profile(), &FitWeights::default(), &p, today());
        // 30×2/4 + 15 + 15 + 10 + 15×1/3 + 10 + 5×0.5 = 15+15+15+10+5+10+2.5 = 72.5 of 100 → 73
        assert_eq!(e.score, 73, "{e:#?}");
        let by = |k: &str| {
            e.contributions
                .iter()
                .find(|c| c.criterion == k)
                .expect(k)
                .clone()
        };
        assert_eq!(by("complementarity").points, 15.0);
        assert!(by("complementarity")
            .detail
            .contains("Covers 2 of your 4 gaps"));
        assert_eq!(by("overlap").points, 0.0);
        assert!(
            by("certifications").detail.contains("1 expired"),
            "{}",
            by("certifications").detail
        );
        assert_eq!(by("capacity").points, 2.5);
    }

    #[test]
    fn every_reason_reads_the_same_as_a_phrase_and_has_german_words() {
        use crate::model::words::{DocLanguage, Words};
        let (en, de) = (Words::new(DocLanguage::En), Words::new(DocLanguage::De));
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let inputs = [
            FitInput::default(),
            FitInput {
                country: "Germany".into(),
                regions: v(&["Bayern"]),
                description: "24/7 SOC, Cisco Meraki und SD-WAN für den Mittelstand".into(),
                industry: "Healthcare".into(),
                employees: Some(85),
                offerings: v(&["Service desk"]),
                certifications: vec![
                    ("Fortinet Expert Partner".into(), Some("2027-06-01".into())),
                    ("Old cert".into(), Some("2025-01-01".into())),
                ],
                culture_score: Some(4),
                ..FitInput::default()
            },
            FitInput {
                country: "Germany".into(),
                employees: Some(900),
                verticals: v(&["Healthcare", "Manufacturing"]),
                certifications: vec![("Gone".into(), Some("2020-01-01".into()))],
                ..FitInput::default()
            },
            FitInput {
                country: "France".into(),
                regions: v(&["Île-de-France", "Atlantis"]),
                employees: Some(5000),
                tags: v(&["backup"]),
                ..FitInput::default()
            },
            FitInput {
                country: "Austria".into(),
                regions: v(&["DACH"]),
                ..FitInput::default()
            },
        ];
        let mut bare = profile();
        bare.gaps.clear();
        bare.regions.clear();
        bare.employees = None;
        let mut bavaria = profile();
        bavaria.regions = v(&["Bavaria", "Atlantis"]);
        let mut seen = std::collections::BTreeSet::new();
        for ours in [profile(), bare, bavaria] {
            for p in &inputs {
                for c in explain(&ours, &FitWeights::default(), p, today()).contributions {
                    assert_eq!(en.phrase(&c.detail_words), c.detail, "{:?}", c.detail_words);
                    let german = de.phrase(&c.detail_words);
                    assert_ne!(
                        german,
                        c.detail_words.key.replace('.', "-"),
                        "no German message"
                    );
                    assert!(
                        !german.contains(" in the ") && !german.contains("gaps"),
                        "{german}"
                    );
                    seen.insert(c.detail_words.key.clone());
                }
            }
        }
        assert!(seen.len() >= 20, "{seen:?}");
        // The score alone leaves the phrases out and scores the same.
        let p = &inputs[1];
        assert_eq!(
            score(&profile(), &FitWeights::default(), p, today()),
            explain(&profile(), &FitWeights::default(), p, today()).score
        );
    }

    #[test]
    fn overlap_with_our_core_offering_subtracts() {
        let competitor = FitInput {
            offerings: vec![
                "Microsoft 365 managed services".into(),
                "Service desk".into(),
            ],
            regions: vec!["Bavaria".into()],
            ..FitInput::default()
        };
        let e = explain(&profile(), &FitWeights::default(), &competitor, today());
        let overlap = e
            .contributions
            .iter()
            .find(|c| c.criterion == "overlap")
            .expect("overlap");
        assert_eq!(overlap.points, -20.0);
        assert!(overlap.detail.contains("competition risk"));
        assert_eq!(e.score, 0, "15 for region minus 20 for overlap clamps at 0");
    }

    #[test]
    fn weights_change_the_ranking() {
        let near_competitor = FitInput {
            regions: vec!["DACH".into()],
            offerings: vec!["Service desk".into()],
            ..FitInput::default()
        };
        let distant_specialist = FitInput {
            country: "Japan".into(),
            offerings: vec!["OT security".into(), "Cisco networking".into()],
            ..FitInput::default()
        };
        let w = FitWeights::default();
        let a = explain(&profile(), &w, &near_competitor, today()).score;
        let b = explain(&profile(), &w, &distant_specialist, today()).score;
        assert!(b > a, "by default complementarity wins: {b} vs {a}");
        let regional = FitWeights {
            complementarity: 5,
            overlap: 0,
            region: 60,
            ..w
        };
        let a = explain(&profile(), &regional, &near_competitor, today()).score;
        let b = explain(&profile(), &regional, &distant_specialist, today()).score;
        assert!(
            a > b,
            "with region weighted up the near firm wins: {a} vs {b}"
        );
    }

    #[test]
    fn weights_are_validated() {
        let bad = FitWeights {
            region: 101,
            ..FitWeights::default()
        };
        assert_eq!(
            bad.validate().map(|_| ()).expect_err("bad").code(),
            "invalid_input"
        );
        let zero = FitWeights {
            complementarity: 0,
            overlap: 10,
            region: 0,
            vertical: 0,
            size: 0,
            certifications: 0,
            culture: 0,
            capacity: 0,
        };
        assert!(zero.validate().is_err());
    }
}
