//! Volunteer hours: rosters, volunteers, projects, activities, hours, reports, certificates.

pub mod activity;
pub mod certificate;
pub mod checkin_screen;
pub mod hours;
pub mod import;
pub mod my_hours;
pub mod national;
pub mod project;
pub mod projects;
pub mod reports;
pub mod roster;
pub mod scan;
pub mod scan_code;
pub mod volunteer;
pub mod volunteer_new;
