//! Server functions: thin, each one authenticates, authorises against the signed-in person's
//! roles and stations, validates, and calls the data layer.

pub mod admin;
pub mod auth;
pub mod competency;
pub mod framework;
pub mod hours;
pub mod markdown;
pub mod mentorship;
pub mod stations;
pub mod volunteers;
