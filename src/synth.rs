//! Synthetic city placeholder.
