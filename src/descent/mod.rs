//! The gradient-descent stepper engine (no terminal code).
