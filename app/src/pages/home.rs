//! The home page and the stations overview.

pub mod home;
pub mod stations;
