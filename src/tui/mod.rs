//! The tutor in the terminal: a thin layer over the core.
//!
//! Elm-like: [`keys::map_event`] turns terminal events into [`keys::Msg`]; [`app::App`] owns the
//! domain (course, progress) and routes each message to the screen in front. Every screen is a
//! component with its own state, messages, `update` and drawing, given a [`context::Ctx`]
//! (theme, notice, size, status keys) instead of the app: [`course::CourseScreen`],
//! [`exercise::ExerciseScreen`], [`descent::DescentScreen`] around [`stepper::StepperScreen`],
//! [`graph::GraphScreen`] (an exercise's computational graph),
//! and the overlays in [`help`]. Drawing only reads the state.
//! [`run::run`] is the loop, generic over the ratatui backend so tests drive it with
//! `TestBackend`; [`run::Session`] owns the real terminal and restores it on every exit path.

pub mod app;
pub mod context;
pub mod course;
pub mod descent;
pub mod exercise;
pub mod graph;
pub mod help;
pub mod keys;
pub mod layout;
pub mod run;
pub mod stepper;
pub mod text;
pub mod theme;
pub mod widgets;
