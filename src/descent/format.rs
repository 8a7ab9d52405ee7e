//! Numbers as the stepper shows them: the shared rules of [`crate::text`], exactly `sig`
//! significant figures.

/// `v` with `sig` significant figures, trailing zeros dropped: `3.59`, `2215`, `6.7e20`,
/// `-1.2e-7` (see [`crate::text::sig`]).
pub fn fmt_sig(v: f64, sig: usize) -> String {
    crate::text::sig(v, sig)
}

pub use crate::text::subscript;
