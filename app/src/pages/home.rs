//! The home page, the overview of a node of the station tree, and the stations list.

pub mod dashboard;
pub mod overview;
pub mod stations;
