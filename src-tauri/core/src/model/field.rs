//! The prospect fields an imported column can be mapped to, with their stable names (`--map`)
//! and their labels in plain words.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::error::{Error, Result};

/// A prospect field a CSV column can be mapped to. Names are a public contract (`--map`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Website,
    Domain,
    City,
    Country,
    Region,
    Industry,
    Employees,
    Revenue,
    Description,
    Tags,
    Vertical,
    Offering,
    Service,
    Stage,
}

impl Field {
    pub const ALL: [Field; 15] = [
        Field::Name,
        Field::Website,
        Field::Domain,
        Field::City,
        Field::Country,
        Field::Region,
        Field::Industry,
        Field::Employees,
        Field::Revenue,
        Field::Description,
        Field::Tags,
        Field::Vertical,
        Field::Offering,
        Field::Service,
        Field::Stage,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Website => "website",
            Field::Domain => "domain",
            Field::City => "city",
            Field::Country => "country",
            Field::Region => "region",
            Field::Industry => "industry",
            Field::Employees => "employees",
            Field::Revenue => "revenue",
            Field::Description => "description",
            Field::Tags => "tags",
            Field::Vertical => "vertical",
            Field::Offering => "offering",
            Field::Service => "service",
            Field::Stage => "stage",
        }
    }

    pub fn parse(s: &str) -> Result<Field> {
        let key = s.trim().to_lowercase();
        Field::ALL
            .into_iter()
            .find(|f| f.as_str() == key)
            .ok_or_else(|| {
                let names: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).collect();
                Error::invalid(
                    "mapping",
                    format!("unknown field {s:?}; fields are {}", names.join(", ")),
                )
            })
    }

    /// The field in plain words, as the import screen shows it.
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "Company name",
            Field::Website => "Website",
            Field::Domain => "Domain",
            Field::City => "City",
            Field::Country => "Country",
            Field::Region => "Region or state",
            Field::Industry => "Industry",
            Field::Employees => "Employees",
            Field::Revenue => "Annual revenue",
            Field::Description => "Description",
            Field::Tags => "Tags",
            Field::Vertical => "Verticals served",
            Field::Offering => "Offerings",
            Field::Service => "Services",
            Field::Stage => "Allybook stage",
        }
    }

    /// Fields that hold a list: several columns may feed one (e.g. Type and Tags into tags).
    pub fn is_list(self) -> bool {
        matches!(
            self,
            Field::Region | Field::Tags | Field::Vertical | Field::Offering | Field::Service
        )
    }
}
