//! Server functions: thin, each one authenticates, authorises against the signed-in person's
//! roles and stations, validates, and calls the data layer.

pub mod activities;
pub mod admin;
pub mod auth;
pub mod certificates;
pub mod checkin;
pub mod competency;
pub mod education;
pub mod framework;
pub mod hours;
pub mod markdown;
pub mod mentorship;
pub mod national;
pub mod offline;
pub mod overview;
pub mod portfolio;
pub mod projects;
pub mod stations;
pub mod volunteers;
