//! The exercise format: types, loading with spans, and static validation.

mod types;

pub use types::*;
