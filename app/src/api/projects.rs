//! Volunteer projects (海星行动, 春蕾计划, …): organised by one or two stations, each with its
//! activities.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::station::{Station, StationChoices};
use crate::model::volunteer::{ActivityView, ProjectView};

#[cfg(feature = "ssr")]
use crate::api::hours::{confirming_stations, station_ref};
#[cfg(feature = "ssr")]
use crate::api::volunteers::{staff, today};
#[cfg(feature = "ssr")]
use crate::model::privacy::optional_note;
#[cfg(feature = "ssr")]
use crate::model::text::Lines;
#[cfg(feature = "ssr")]
use crate::server::{auth, form};

/// What the projects page shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProjectsData {
    /// Every project.
    pub projects: Vec<ProjectView>,
    /// Stations this person may organise for (narrowed by `station_q` when there are many).
    pub stations: StationChoices,
}

/// Every project with organisers and totals.
#[server(endpoint = "projects/list")]
pub async fn projects_page(#[server(default)] station_q: String) -> Result<ProjectsData, AppError> {
    let viewer = staff().await?;
    Ok(ProjectsData {
        projects: auth::db()?.project_overview().await?,
        stations: confirming_stations(&viewer, &station_q).await?,
    })
}

/// Creates a project organised by one station (and optionally a second).
#[server(endpoint = "projects/create")]
pub async fn create_project(
    name: String,
    description: String,
    station_id: String,
    co_station_id: String,
) -> Result<(), AppError> {
    let outcome = async {
        let viewer = staff().await?;
        let name = crate::model::text::required_text("name", &name, 60)?;
        let description =
            optional_note("description", &description, 5000, Lines::Many)?.unwrap_or_default();
        let mut ids = vec![crate::model::text::parse_id("station_id", &station_id)?];
        if !co_station_id.trim().is_empty() {
            ids.push(crate::model::text::parse_id(
                "co_station_id",
                &co_station_id,
            )?);
        }
        for id in &ids {
            if !viewer.can_confirm_hours_at(&station_ref(*id).await?) {
                return Err(AppError::Forbidden);
            }
        }
        let id = auth::db()?
            .create_project(&name, &description, &ids, &auth::actor(Some(&viewer)))
            .await
            .map_err(|e| match e {
                AppError::Conflict(_) => AppError::invalid("name", "project_exists"),
                e => e,
            })?;
        Ok(format!("/projects/{id}?saved=project_created"))
    }
    .await;
    form::finish(
        outcome,
        "/projects",
        &[("name", &name), ("description", &description)],
    )
}

/// What one project's page shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProjectData {
    /// The project.
    pub project: ProjectView,
    /// Its activities, newest first.
    pub activities: Vec<ActivityView>,
    /// Its organising stations where this person records hours.
    pub stations: Vec<Station>,
    /// Today in China.
    pub today: NaiveDate,
}

/// One project and its activities.
#[server(endpoint = "projects/get")]
pub async fn project_page(id: i64) -> Result<ProjectData, AppError> {
    let viewer = staff().await?;
    let db = auth::db()?;
    let project = db
        .project_overview()
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(AppError::NotFound)?;
    // A project has one or two organising stations.
    let mut stations = Vec::new();
    for (station_id, _) in &project.stations {
        if let Some(station) = db.station(*station_id).await?
            && viewer.can_confirm_hours_at(&station.station_ref())
        {
            stations.push(station);
        }
    }
    Ok(ProjectData {
        activities: db.activities(Some(id), 200).await?,
        project,
        stations,
        today: today(),
    })
}
