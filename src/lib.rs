//! gradtutor: a terminal tutor for the calculus behind machine-learning optimization.
//!
//! The core (`math`, `exercise`, `check`, `grade`, `descent`, `progress`) has no terminal code;
//! `tui` is a thin layer over it, and the binary's `cli` another.

pub mod check;
pub mod descent;
pub mod exercise;
pub mod grade;
pub mod math;
pub mod progress;
pub mod question;
pub mod report;
pub mod text;
pub mod tui;
pub mod validate;
pub mod variants;
