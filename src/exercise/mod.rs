//! The exercise format: types, loading with spans, and static validation.

pub mod bundled;
mod load;
mod types;

pub use load::{load_bundled, load_paths, Diagnostic, LoadError, Loaded, Severity};
pub use types::*;
