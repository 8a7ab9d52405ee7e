//! The bundled course, embedded in the binary so `gradtutor` works from any directory.
//! One entry per file in exercises/: (source name shown in messages, file text).

pub const FILES: &[(&str, &str)] = &[];
