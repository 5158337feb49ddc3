//! What a column header means, from the export layouts MSPs have: HubSpot, Salesforce (report
//! labels and data-export API names), Pipedrive ("Organization - Name"), Zoho CRM, Microsoft
//! Dynamics 365 ("Address 1: City"; its "(Do Not Modify) …" columns are ignored), Apollo, and
//! spreadsheet long-lists in English, German and French.
//!
//! A CRM's own status columns (Lifecycle Stage, Lead Status, Account Type, Label, …) are the
//! CRM's pipeline, not ours: they become tags, never the stage.

use crate::model::field::Field;
use crate::model::normalize;

/// A guess for one header: the field (None = ignore) and, when it is worth saying, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guess {
    pub field: Option<Field>,
    pub note: Option<&'static str>,
}

const CRM_STATUS: &str = "the CRM's own status: kept as tags, not as the Allybook stage";

/// Headers by field, folded and without spaces ("Number of Employees" → "numberofemployees").
const KNOWN: &[(Field, &[&str])] = &[
    (
        Field::Name,
        &[
            "name",
            "companyname",
            "company",
            "accountname",
            "account",
            "organization",
            "organisation",
            "organizationname",
            "organisationname",
            "orgname",
            "firm",
            "firmname",
            "partner",
            "partnername",
            "businessname",
            "legalname",
            "customername",
            // de
            "firma",
            "firmenname",
            "unternehmen",
            "unternehmensname",
            "namederfirma",
            "partnerfirma",
            // fr
            "societe",
            "entreprise",
            "raisonsociale",
            "nomdelentreprise",
            "nomdelasociete",
            "nomentreprise",
            "nom",
        ],
    ),
    (
        Field::Website,
        &[
            "website",
            "websiteurl",
            "url",
            "web",
            "homepage",
            "webaddress",
            "site",
            "companywebsite",
            "webseite",
            "internetseite",
            "internetadresse",
            "siteweb",
            "siteinternet",
        ],
    ),
    (
        Field::Domain,
        &[
            "domain",
            "companydomainname",
            "companydomain",
            "emaildomain",
            "domainname",
            "domaine",
        ],
    ),
    (
        Field::City,
        &[
            "city",
            "billingcity",
            "town",
            "citytownvillagelocality",
            "addresscity",
            "address1city",
            "companycity",
            "locality",
            "stadt",
            "ort",
            "sitz",
            "ville",
        ],
    ),
    (
        Field::Country,
        &[
            "country",
            "countryregion",
            "billingcountry",
            "addresscountry",
            "address1countryregion",
            "address1country",
            "companycountry",
            "land",
            "staat",
            "pays",
        ],
    ),
    (
        Field::Region,
        &[
            "region",
            "regions",
            "territory",
            "state",
            "billingstate",
            "stateregion",
            "billingstateprovince",
            "stateprovince",
            "province",
            "county",
            "statecounty",
            "addressstatecounty",
            "address1stateprovince",
            "companystate",
            "bundesland",
            "kanton",
            "provinz",
            "departement",
            "regions",
            "gebiet",
        ],
    ),
    (
        Field::Industry,
        &[
            "industry",
            "sector",
            "branche",
            "industrie",
            "secteur",
            "secteurdactivite",
            "activite",
        ],
    ),
    (
        Field::Employees,
        &[
            "employees",
            "numberofemployees",
            "employeecount",
            "headcount",
            "staff",
            "companysize",
            "noofemployees",
            "employeesnumber",
            "mitarbeiter",
            "mitarbeiterzahl",
            "anzahlmitarbeiter",
            "beschaftigte",
            "effectif",
            "effectifs",
            "nombredemployes",
            "nombredesalaries",
            "salaries",
        ],
    ),
    (
        Field::Revenue,
        &[
            "revenue",
            "annualrevenue",
            "turnover",
            "umsatz",
            "jahresumsatz",
            "ca",
            "chiffredaffaires",
            "chiffredaffaire",
        ],
    ),
    (
        Field::Description,
        &[
            "description",
            "about",
            "aboutus",
            "notes",
            "note",
            "companydescription",
            "shortdescription",
            "seodescription",
            "summary",
            "comments",
            "beschreibung",
            "notizen",
            "bemerkungen",
            "bemerkung",
            "kommentar",
            "remarques",
            "remarque",
            "commentaires",
            "commentaire",
        ],
    ),
    (
        Field::Tags,
        &[
            "tags",
            "tag",
            "labels",
            "keywords",
            "lists",
            "schlagworte",
            "schlagworter",
            "stichworte",
            "motscles",
            "etiquettes",
        ],
    ),
    (
        Field::Vertical,
        &["vertical", "verticals", "zielbranchen", "marches"],
    ),
    (
        Field::Offering,
        &[
            "offering",
            "offerings",
            "products",
            "solutions",
            "technologies",
            "technology",
            "webtechnologies",
            "techstack",
            "produkte",
            "losungen",
            "angebot",
            "produits",
        ],
    ),
    (
        Field::Service,
        &[
            "service",
            "services",
            "leistungen",
            "dienstleistungen",
            "prestations",
        ],
    ),
    // Only a column that says it is Allybook's stage (our own export) is the stage.
    (Field::Stage, &["stage", "allybookstage", "partnerstage"]),
];

/// The CRM's own pipeline and classification columns.
const STATUS: &[&str] = &[
    "lifecyclestage",
    "leadstatus",
    "accounttype",
    "type",
    "label",
    "accountstage",
    "relationshiptype",
    "rating",
    "status",
    "pipelinestage",
    "dealstage",
    "category",
    "classification",
    "customertype",
    "accountrating",
    "typ",
    "kategorie",
];

/// Columns a CRM adds for itself, never data about the firm.
const IGNORED: &[&str] = &[
    "id",
    "recordid",
    "accountid",
    "organizationid",
    "ownerid",
    "isdeleted",
    "createddate",
    "createdtime",
    "createdat",
    "createdate",
    "lastmodifieddate",
    "modifiedtime",
    "lastactivitydate",
    "accountowner",
    "companyowner",
    "owner",
    "organizationowner",
    "phone",
    "phonenumber",
    "mainphone",
    "fax",
    "companyphone",
];

fn key(s: &str) -> String {
    normalize::fold(s).replace(' ', "")
}

fn lookup(k: &str) -> Option<Guess> {
    if STATUS.contains(&k) {
        return Some(Guess {
            field: Some(Field::Tags),
            note: Some(CRM_STATUS),
        });
    }
    if IGNORED.contains(&k) {
        return Some(Guess {
            field: None,
            note: None,
        });
    }
    KNOWN
        .iter()
        .find(|(_, keys)| keys.contains(&k))
        .map(|(f, _)| Guess {
            field: Some(*f),
            note: None,
        })
}

/// Prefixes exports put before a field's name ("Billing City", "Company Country",
/// "Organization - Website", "Address 1: City").
const PREFIXES: &[&str] = &[
    "organization",
    "organisation",
    "billing",
    "company",
    "account",
    "address1",
    "address",
    "primary",
    "hq",
    "headquarters",
];

/// The field `header` most likely means.
pub fn guess(header: &str) -> Guess {
    let folded = normalize::fold(header);
    if folded.starts_with("do not modify") {
        return Guess {
            field: None,
            note: Some("Dynamics 365's own column"),
        };
    }
    let social = [
        "linkedin",
        "facebook",
        "twitter",
        "xing",
        "instagram",
        "youtube",
    ];
    if folded.starts_with("shipping")
        || folded.starts_with("mailing")
        || social.iter().any(|w| folded.contains(w))
    {
        return Guess {
            field: None,
            note: None,
        };
    }
    let k = key(header);
    if let Some(g) = lookup(&k) {
        return g;
    }
    // Revenue in thousands or millions ("CA (k€)", "Umsatz (T€)", "Revenue (m)").
    for p in PREFIXES {
        if let Some(rest) = k.strip_prefix(p) {
            if let Some(g) = lookup(rest) {
                return g;
            }
        }
    }
    // "Organization - Address - Country" → "Address - Country" → "Country".
    let parts: Vec<&str> = header.split([' ', '-', ':', '/']).collect();
    for i in 1..parts.len() {
        let tail = key(&parts[i..].join(" "));
        if tail.is_empty() {
            continue;
        }
        if let Some(g) = lookup(&tail) {
            return g;
        }
    }
    if let Some(base) = strip_scale(&folded) {
        if let Some(g) = lookup(&base.replace(' ', "")) {
            return g;
        }
    }
    Guess {
        field: None,
        note: None,
    }
}

/// "ca k€" → "ca": a header that carries its unit.
fn strip_scale(folded: &str) -> Option<String> {
    let words: Vec<&str> = folded.split(' ').collect();
    let units = [
        "k", "keur", "kusd", "kgbp", "t", "teur", "tsd", "m", "meur", "mio", "musd", "eur", "usd",
        "gbp", "chf", "in", "en",
    ];
    let kept: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !units.contains(w) && !w.is_empty())
        .collect();
    (kept.len() < words.len() && !kept.is_empty()).then(|| kept.join(" "))
}

/// How many currency units one unit of a revenue column is worth, from its header:
/// "CA (k€)", "Umsatz in T€", "Revenue (TEUR)" → 1,000; "Revenue (m€)", "Umsatz Mio." → 1,000,000.
pub fn revenue_scale(header: &str) -> i64 {
    let h = header.to_lowercase();
    let words: Vec<String> = normalize::fold(&h).split(' ').map(String::from).collect();
    let has = |w: &str| words.iter().any(|x| x == w);
    if h.contains("k€")
        || h.contains("t€")
        || has("keur")
        || has("teur")
        || has("tsd")
        || has("kusd")
        || has("k")
    {
        1_000
    } else if h.contains("m€")
        || has("meur")
        || has("mio")
        || has("musd")
        || has("m")
        || has("millions")
    {
        1_000_000
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(h: &str) -> Option<Field> {
        guess(h).field
    }

    #[test]
    fn vendor_headers_are_recognised() {
        for (h, f) in [
            // HubSpot
            ("Company name", Field::Name),
            ("Company Domain Name", Field::Domain),
            ("Website URL", Field::Website),
            ("State/Region", Field::Region),
            ("Country/Region", Field::Country),
            ("Number of Employees", Field::Employees),
            ("About Us", Field::Description),
            ("Web Technologies", Field::Offering),
            // Salesforce report and data export
            ("Account Name", Field::Name),
            ("Billing City", Field::City),
            ("Billing State/Province", Field::Region),
            ("BillingCountry", Field::Country),
            ("NumberOfEmployees", Field::Employees),
            ("AnnualRevenue", Field::Revenue),
            // Pipedrive
            ("Organization - Name", Field::Name),
            (
                "Organization - Address - City/town/village/locality",
                Field::City,
            ),
            ("Organization - Address - Country", Field::Country),
            ("Organization - Website", Field::Website),
            ("Organization - Number of employees", Field::Employees),
            ("Organization - Annual revenue", Field::Revenue),
            // Dynamics 365
            ("Address 1: City", Field::City),
            ("Address 1: Country/Region", Field::Country),
            // Apollo
            ("Company", Field::Name),
            ("# Employees", Field::Employees),
            ("Company City", Field::City),
            ("Company Country", Field::Country),
            ("Short Description", Field::Description),
            ("Technologies", Field::Offering),
            ("Keywords", Field::Tags),
            // Spreadsheets
            ("Firma", Field::Name),
            ("Mitarbeiter", Field::Employees),
            ("Bundesland", Field::Region),
            ("Société", Field::Name),
            ("Site web", Field::Website),
            ("Pays", Field::Country),
            ("Effectif", Field::Employees),
            ("CA (k€)", Field::Revenue),
            ("Remarques", Field::Description),
            ("\u{feff}Description", Field::Description),
        ] {
            assert_eq!(field(h), Some(f), "{h}");
        }
    }

    #[test]
    fn crm_status_columns_are_tags_and_crm_bookkeeping_is_ignored() {
        for h in [
            "Lifecycle Stage",
            "Lead Status",
            "Account Type",
            "Type",
            "Organization - Label",
            "Account Stage",
            "Relationship Type",
        ] {
            let g = guess(h);
            assert_eq!(g.field, Some(Field::Tags), "{h}");
            assert!(g.note.is_some(), "{h} says why");
        }
        for h in [
            "(Do Not Modify) Account",
            "(Do Not Modify) Row Checksum",
            "Record ID",
            "Organization - ID",
            "Account Owner",
            "Company Name for Emails",
            "Shipping City",
            "Company Linkedin Url",
        ] {
            assert_eq!(field(h), None, "{h}");
        }
        assert_eq!(field("Stage"), Some(Field::Stage), "our own export");
    }

    #[test]
    fn revenue_columns_carry_their_unit() {
        assert_eq!(revenue_scale("CA (k€)"), 1_000);
        assert_eq!(revenue_scale("Umsatz in TEUR"), 1_000);
        assert_eq!(revenue_scale("Revenue (m€)"), 1_000_000);
        assert_eq!(revenue_scale("Annual Revenue"), 1);
    }
}
