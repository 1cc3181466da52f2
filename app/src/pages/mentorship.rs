//! Mentorship: pairings, supervision records, reflections, oversight.

pub mod oversight;
pub mod pairings;
pub mod reflections;
pub mod session;
pub mod session_new;
pub mod supervision;
