//! Drafting a schema from data.
