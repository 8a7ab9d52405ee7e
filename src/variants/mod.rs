//! Randomised exercises: draw tables, `where` conditions, the numbering of variants, and text
//! templates.
//!
//! An exercise whose `params` include a draw (`{ int = [2, 9] }`, `{ range = [0.5, 2.5],
//! step = 0.5 }`, `{ choose = [-3, 1, 2] }`) has variants numbered 1 to [`MAX_VARIANT`]; the
//! loader reads the draw table into [`Draws`], and `Exercise::variant(n)` reads the exercise
//! again with variant `n`'s values. The same file, id and variant give the same values on every
//! machine: the hash and generator are specified ([`hash`]), not std's.
//!
//! This module uses only `math`; the exercise format uses it.

pub mod draw;
pub mod hash;
pub mod template;

pub use draw::{Condition, DrawError, Draws, Op, Spec, ENUMERATE_LIMIT, MAX_VARIANT};
pub use template::{format_computed, format_value, Piece, TemplateError};

/// A student's first variant of an exercise: 1 + (FNV-1a of `key`, a zero byte and `id`)
/// mod [`MAX_VARIANT`]. "Another" moves on to [`next_variant`].
pub fn first_variant(student_key: &str, id: &str) -> u32 {
    let mut bytes = Vec::with_capacity(student_key.len() + id.len() + 1);
    bytes.extend_from_slice(student_key.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(id.as_bytes());
    1 + (hash::fnv1a(&bytes) % u64::from(MAX_VARIANT)) as u32
}

/// The variant after `n`, wrapping from [`MAX_VARIANT`] to 1.
pub fn next_variant(n: u32) -> u32 {
    if n >= MAX_VARIANT {
        1
    } else {
        n + 1
    }
}
