//! Rules: pure decisions over the model — the same input always gives the same answer, with no
//! store and no files.

pub mod cells;
pub mod fees;
pub mod fit;
pub mod headers;
pub mod pipeline;
