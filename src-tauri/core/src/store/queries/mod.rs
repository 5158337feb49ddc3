//! The only place with SQL: one module per aggregate, each a set of loads and writes over a
//! connection or an open transaction. Rules and orchestration stay in `ops/`.

pub mod attention;
pub mod clauses;
pub mod contracts;
pub mod demo;
pub mod fit;
pub mod import;
pub mod pipeline;
pub mod profile;
pub mod prospects;
pub mod search;
pub mod selling;
pub mod settings;

use rusqlite::{Connection, Params, Row};

use crate::model::error::Result;

/// Every row of `sql` with `params`, each read as a tuple of its columns in order
/// (`(i64, String, Option<String>)`), through the connection's statement cache.
pub fn rows<T>(conn: &Connection, sql: &str, params: impl Params) -> Result<Vec<T>>
where
    T: for<'r> TryFrom<&'r Row<'r>, Error = rusqlite::Error>,
{
    let mut st = conn.prepare_cached(sql)?;
    let v = st
        .query_map(params, |r| T::try_from(r))?
        .collect::<rusqlite::Result<Vec<T>>>()?;
    Ok(v)
}
