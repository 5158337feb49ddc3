//! Our company's profile (`profile`, one row) and its lists (`profile_item`).

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::model::domain::Profile;
use crate::model::error::Result;
use crate::model::normalize;
use crate::store::queries::settings::{now, set_setting, SETTING_ONBOARDED};

const PROFILE_LISTS: [&str; 6] = [
    "offering",
    "service",
    "certification",
    "region",
    "vertical",
    "gap",
];

pub fn profile(conn: &Connection) -> Result<Profile> {
    let base = conn
        .query_row(
            "SELECT name, legal_name, website, address, country, employees, customer_size_min,
                    customer_size_max, currency, description, updated_at
             FROM profile WHERE id = 1",
            [],
            |r| {
                Ok(Profile {
                    name: r.get(0)?,
                    legal_name: r.get(1)?,
                    website: r.get(2)?,
                    address: r.get(3)?,
                    country: r.get(4)?,
                    employees: r.get(5)?,
                    customer_size_min: r.get(6)?,
                    customer_size_max: r.get(7)?,
                    currency: r.get(8)?,
                    description: r.get(9)?,
                    updated_at: r.get(10)?,
                    ..Profile::default()
                })
            },
        )
        .optional()?;
    let mut p = base.unwrap_or_else(|| Profile {
        currency: "EUR".into(),
        ..Profile::default()
    });
    let mut stmt =
        conn.prepare("SELECT kind, value FROM profile_item ORDER BY kind, position, value")?;
    let items = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for item in items {
        let (kind, value) = item?;
        let list = match kind.as_str() {
            "offering" => &mut p.offerings,
            "service" => &mut p.services,
            "certification" => &mut p.certifications,
            "region" => &mut p.regions,
            "vertical" => &mut p.verticals,
            _ => &mut p.gaps,
        };
        list.push(value);
    }
    Ok(p)
}

pub(crate) fn write_profile(tx: &Transaction<'_>, p: &Profile) -> Result<()> {
    let domain = normalize::domain(&p.website).unwrap_or_default();
    tx.execute(
        "INSERT INTO profile (id, name, legal_name, website, domain, address, country, employees,
                              customer_size_min, customer_size_max, currency, description, updated_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (id) DO UPDATE SET
            name = excluded.name, legal_name = excluded.legal_name, website = excluded.website,
            domain = excluded.domain, address = excluded.address, country = excluded.country,
            employees = excluded.employees, customer_size_min = excluded.customer_size_min,
            customer_size_max = excluded.customer_size_max, currency = excluded.currency,
            description = excluded.description, updated_at = excluded.updated_at",
        params![
            p.name.trim(),
            p.legal_name.trim(),
            p.website.trim(),
            domain,
            p.address.trim(),
            p.country.trim(),
            p.employees,
            p.customer_size_min,
            p.customer_size_max,
            p.currency,
            p.description,
            now()
        ],
    )?;
    tx.execute("DELETE FROM profile_item", [])?;
    let lists = [
        &p.offerings,
        &p.services,
        &p.certifications,
        &p.regions,
        &p.verticals,
        &p.gaps,
    ];
    let mut insert = tx.prepare(
        "INSERT OR IGNORE INTO profile_item (kind, value, position) VALUES (?1, ?2, ?3)",
    )?;
    for (kind, list) in PROFILE_LISTS.iter().zip(lists) {
        for (pos, value) in list.iter().enumerate() {
            let value = value.trim();
            if !value.is_empty() {
                insert.execute(params![kind, value, pos as i64])?;
            }
        }
    }
    set_setting(tx, SETTING_ONBOARDED, &now())?;
    Ok(())
}
