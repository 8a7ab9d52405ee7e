//! The bundled course, embedded in the binary so `gradtutor` works from any directory.
//! One entry per file in exercises/, in course order: (source name shown in messages, file text).

pub const FILES: &[(&str, &str)] = &[
    (
        "exercises/01-derivative-rules.toml",
        include_str!("../../exercises/01-derivative-rules.toml"),
    ),
    (
        "exercises/02-partial-derivatives.toml",
        include_str!("../../exercises/02-partial-derivatives.toml"),
    ),
    (
        "exercises/03-gradients-jacobians.toml",
        include_str!("../../exercises/03-gradients-jacobians.toml"),
    ),
    (
        "exercises/04-several-variables.toml",
        include_str!("../../exercises/04-several-variables.toml"),
    ),
    (
        "exercises/05-sigmoid-logloss.toml",
        include_str!("../../exercises/05-sigmoid-logloss.toml"),
    ),
    (
        "exercises/06-likelihood-tables.toml",
        include_str!("../../exercises/06-likelihood-tables.toml"),
    ),
    (
        "exercises/07-optimization.toml",
        include_str!("../../exercises/07-optimization.toml"),
    ),
    (
        "exercises/08-descent-updates.toml",
        include_str!("../../exercises/08-descent-updates.toml"),
    ),
    (
        "exercises/09-descent-walks.toml",
        include_str!("../../exercises/09-descent-walks.toml"),
    ),
    (
        "exercises/10-computational-graph.toml",
        include_str!("../../exercises/10-computational-graph.toml"),
    ),
];
