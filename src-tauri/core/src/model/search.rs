//! What a search finds, and whether the search index is complete.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Whether the search index is complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SearchStatus {
    /// Prospects not yet in the search index (an import indexes its rows after they commit);
    /// a search finds them meanwhile, more slowly.
    pub pending: i64,
}

/// Marks the start and end of a matched term inside `title` and `snippet`.
pub const MARK_START: char = '\u{2}';
pub const MARK_END: char = '\u{3}';

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SearchHit {
    /// 'prospect', 'contact' or 'activity'
    pub kind: String,
    pub ref_id: i64,
    pub prospect_id: i64,
    pub prospect_name: String,
    /// The matched record's title with matches between U+0002 and U+0003.
    pub title: String,
    /// A few words around the match in the body, marked the same way.
    pub snippet: String,
}
