//! The exercise format: types, loading with spans, static validation, and writing sets back.
//!
//! - [`load_str`], [`load_paths`], [`load_bundled`]: files to a [`Course`], with every problem
//!   as a [`Diagnostic`] (`path:line:col: error: message`); a file with errors is left out.
//! - [`read_items`]: every file's items with where their fields are, for `gradtutor validate`.
//! - [`to_toml`]: an [`ExerciseSet`] back to the file format.
//! - [`answer_toml`]: answers in TOML both ways (answers files, the progress file, `check`).

pub mod answer_toml;
pub mod bundled;
mod load;
mod parsed;
mod read;
mod reader;
mod scope;
mod serialize;
mod spans;
mod types;
mod variant;

pub use load::{
    bundled_sources, course_order, load_bundled, load_paths, load_sources, load_str, natural_cmp,
    read_paths, Diagnostic, LeftOut, LoadError, Loaded, Severity, SourceFile,
};
pub use load::{read_items, sort_diagnostics};
pub use parsed::ParsedFormulas;
pub use read::{FileOutcome, ItemInfo};
pub use scope::Names;
pub use serialize::to_toml;
pub use types::*;
pub use variant::{DescentVariants, Variant, VariantError, VariantSpec, Variants};
