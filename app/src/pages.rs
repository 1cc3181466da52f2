//! One page per file, grouped by area.

pub mod account;
pub mod admin;
pub mod auth;
pub mod competency;
pub mod growth;
pub mod home;
pub mod mentorship;
pub mod not_found;
pub mod volunteers;
