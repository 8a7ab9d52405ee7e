//! The exercise format: types, loading with spans, static validation, and writing sets back.
//!
//! - [`load_str`], [`load_paths`], [`load_bundled`]: files to a [`Course`], with every problem
//!   as a [`Diagnostic`] (`path:line:col: error: message`); a file with errors is left out.
//! - [`validate()`]: what `gradtutor validate` runs: loading's checks plus the numerical ones.
//! - [`to_toml`]: an [`ExerciseSet`] back to the file format.
//! - [`answer_toml`]: answers in TOML both ways (answers files, the progress file, `check`).

pub mod answer_toml;
mod build;
pub mod bundled;
mod load;
mod reader;
mod scope;
mod serialize;
mod spans;
mod types;
mod validate;

pub use load::{
    bundled_sources, load_bundled, load_paths, load_sources, load_str, read_paths, Diagnostic,
    LoadError, Loaded, Severity, SourceFile,
};
pub use scope::Names;
pub use serialize::to_toml;
pub use types::*;
pub use validate::{
    validate, validate_bundled, validate_paths, Report, DOMAIN_SAMPLES, UNDEFINED_ERROR,
    UNDEFINED_WARNING, UNIT_TOLERANCE,
};
