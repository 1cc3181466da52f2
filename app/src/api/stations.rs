//! The station tree for coordinators and admins: the nodes they cover, paged.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::station::StationKind;

/// A node with its people and projects.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StationRow {
    /// Node id (its overview is one click away).
    pub id: i64,
    /// Node name.
    pub name: String,
    /// Province, city, county or station.
    pub kind: StationKind,
    /// Depth below the first node shown (for indentation).
    pub depth: usize,
    /// Trainees here.
    pub trainees: i64,
    /// Mentors here.
    pub mentors: i64,
    /// Coordinators here.
    pub coordinators: i64,
    /// Projects organised here.
    pub projects: i64,
    /// Nodes directly under this one.
    pub children: i64,
}

/// One page of the tree, and the projects its nodes lead.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StationsOverview {
    /// Nodes on this page, in tree order.
    pub stations: Vec<StationRow>,
    /// This page (from 1).
    pub page: i64,
    /// Nodes in the person's part of the tree.
    pub total: i64,
    /// (project, lead station) of the nodes on this page.
    pub projects: Vec<(String, String)>,
}

/// What a station picker offers within `scope`: stations whose name contains `search` (at most
/// [`PICKER_LIMIT`](crate::model::station::PICKER_LIMIT)), plus the `chosen` ones that are in scope.
#[cfg(feature = "ssr")]
pub(crate) async fn station_choices(
    scope: &crate::model::permission::Scope,
    search: &str,
    chosen: &[i64],
) -> Result<crate::model::station::StationChoices, AppError> {
    use crate::model::station::PICKER_LIMIT;
    let db = crate::server::auth::db()?;
    let search = crate::model::volunteer::station_search(search);
    let limit = i64::try_from(PICKER_LIMIT).unwrap_or(40) + 1;
    let mut stations = db.search_stations(scope, &search, limit).await?;
    let more = stations.len() > PICKER_LIMIT;
    stations.truncate(PICKER_LIMIT);
    for id in chosen {
        if stations.iter().all(|s| s.id != *id)
            && let Some(s) = db.station(*id).await?
            && scope.covers(&s.station_ref())
        {
            stations.insert(0, s);
        }
    }
    Ok(crate::model::station::StationChoices {
        stations,
        search,
        more,
    })
}

/// Nodes per page of the stations list.
pub const STATIONS_PER_PAGE: i64 = 50;

/// A page of the nodes this coordinator or admin covers, with counts.
#[server(endpoint = "stations")]
pub async fn station_overview(#[server(default)] page: i64) -> Result<StationsOverview, AppError> {
    use crate::model::account::Role;
    use crate::server::auth;

    let viewer = auth::viewer().await?;
    if !(viewer.has_role(Role::Coordinator) || viewer.has_role(Role::Admin)) {
        return Err(AppError::Forbidden);
    }
    let page = page.clamp(1, 100_000);
    let db = auth::db()?;
    let scope = viewer.volunteer_scope();
    let (rows, total) = db.station_counts(&scope, page, STATIONS_PER_PAGE).await?;
    let top = rows
        .iter()
        .map(|s| crate::model::station::path_ids(&s.path).len())
        .min()
        .unwrap_or(1);
    let on_page: Vec<i64> = rows.iter().map(|s| s.id).collect();
    let stations = rows
        .into_iter()
        .map(|s| StationRow {
            id: s.id,
            depth: crate::model::station::path_ids(&s.path)
                .len()
                .saturating_sub(top),
            name: s.name,
            kind: s.kind,
            trainees: s.trainees,
            mentors: s.mentors,
            coordinators: s.coordinators,
            projects: s.projects,
            children: s.children,
        })
        .collect();
    let projects = db.project_names(&on_page).await?;
    Ok(StationsOverview {
        stations,
        page,
        total,
        projects,
    })
}
