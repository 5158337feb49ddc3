//! The sample book: a Munich MSP with partners in every stage, contracts, deals and leads
//! (written by `store::queries::demo`), so a new user can try every screen.

use chrono::NaiveDate;

use crate::model::domain::DemoSummary;
use crate::model::error::{Error, Result};
use crate::ops::scoring;
use crate::store::queries::demo;
use crate::store::Store;

/// Loads the sample book dated from today. Refuses a book that already holds partners.
pub fn load(store: &mut Store) -> Result<DemoSummary> {
    load_as_of(store, chrono::Local::now().date_naive())
}

/// [`load`] with a fixed "today", for tests.
pub fn load_as_of(store: &mut Store, today: NaiveDate) -> Result<DemoSummary> {
    let existing = demo::prospect_count(store.conn())?;
    if existing > 0 {
        return Err(Error::Conflict(format!(
            "the sample data loads only into an empty book; this one already has {existing} prospects"
        )));
    }
    store.write(|tx| {
        let written = demo::write(tx, today)?;
        scoring::rescore(tx, None)?;
        Ok(written)
    })
}
