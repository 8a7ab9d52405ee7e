//! All integration tests in one binary, so that a test build links once.
//! Each module is one area of behaviour; `check_support` and `tui_support` are shared builders.

#[allow(dead_code)]
mod check_support;
#[allow(dead_code)]
mod tui_support;
mod tui_worked;

mod answer_language;
mod batch_sampling;
mod check_derivative;
mod check_extremum;
mod check_numbers;
mod check_sampling;
mod check_setup;
mod check_table;
mod check_vectors;
mod closed_pipe;
mod course_bundled;
mod course_content;
mod derive;
mod derive_cli;
mod derive_course;
mod derive_props;
mod descent_engine;
mod descent_parse_once;
mod descent_props;
mod e2e_tutor;
mod evaluator;
mod feedback;
mod format_roundtrip;
mod grade_cli;
mod graph_cli;
mod graph_core;
mod graph_exercise;
mod graph_props;
mod graph_screen;
mod layers;
mod mistakes;
mod mistakes_check;
mod mistakes_course;
mod mistakes_measure;
mod mistakes_props;
mod mistakes_screen;
mod mistakes_steps;
mod parse_once;
mod progress_cli;
mod progress_store;
mod prop_check;
mod prop_check_cases;
mod prop_language;
mod question;
mod report;
mod step_cli;
mod stepper_screen;
mod tui_app;
mod tui_render;
mod tui_sets;
mod tui_variants;
mod validate_cli;
mod validate_errors;
mod variants;
mod variants_cli;
mod variants_descent;
mod variants_valid;
mod worked;
