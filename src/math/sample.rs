//! Deterministic sample points over a domain box (owned by the checker work).
