//! The tutor in the terminal: a thin layer over the core.
//!
//! Elm-like: [`app::App`] is the state, [`keys::map_event`] turns terminal events into
//! [`keys::Msg`], [`app::App::update`] does the work, and drawing only reads the state.
//! [`run::run`] is the loop, generic over the ratatui backend so tests drive it with
//! `TestBackend`; [`run::Session`] owns the real terminal and restores it on every exit path.

pub mod app;
pub mod course;
pub mod descent;
pub mod exercise;
pub mod help;
pub mod keys;
pub mod layout;
pub mod run;
pub mod stepper;
pub mod text;
pub mod theme;
pub mod widgets;
