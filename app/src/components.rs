//! Reusable pieces of pages.

pub mod form;
pub mod layout;
