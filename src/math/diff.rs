//! Finite differences with error estimates (owned by the checker work).
