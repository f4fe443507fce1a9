//! Consistency checks between a source segment and its translation.

pub mod numbers;
