//! The stations overview for coordinators and admins.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A station with its people and projects, for the overview.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StationRow {
    /// Station name.
    pub name: String,
    /// True for the county station.
    pub county: bool,
    /// Trainees here.
    pub trainees: i64,
    /// Mentors here.
    pub mentors: i64,
    /// Coordinators here.
    pub coordinators: i64,
    /// Projects organised here.
    pub projects: i64,
}

/// The overview: every station and every project with its organiser.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StationsOverview {
    /// Stations, county first.
    pub stations: Vec<StationRow>,
    /// (project, organising station).
    pub projects: Vec<(String, String)>,
}

/// Stations and projects; for coordinators and admins.
#[server(endpoint = "stations")]
pub async fn station_overview() -> Result<StationsOverview, AppError> {
    use crate::model::account::Role;
    use crate::server::auth;

    let viewer = auth::viewer().await?;
    if !(viewer.has_role(Role::Coordinator) || viewer.has_role(Role::Admin)) {
        return Err(AppError::Forbidden);
    }
    let db = auth::db()?;
    let stations = db
        .station_counts()
        .await?
        .into_iter()
        .map(|s| StationRow {
            name: s.name,
            county: s.parent_id.is_none(),
            trainees: s.trainees,
            mentors: s.mentors,
            coordinators: s.coordinators,
            projects: s.projects,
        })
        .collect();
    Ok(StationsOverview {
        stations,
        projects: db.project_names().await?,
    })
}
