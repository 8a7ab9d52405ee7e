//! Widgets of the tutor: the input line, the answer grid, the plot panel.

pub mod grid;
pub mod input;
pub mod plot;
