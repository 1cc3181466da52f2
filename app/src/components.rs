//! Reusable pieces of pages.

pub mod competency;
pub mod form;
pub mod layout;
pub mod volunteer;
