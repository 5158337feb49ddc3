//! Rendering: loaded structs in, document bytes out (PDF layout, agreements, dossiers, DOCX).

pub mod agreement;
pub mod agreement_docx;
pub mod dossier;
pub mod pdf;
pub mod statement;
