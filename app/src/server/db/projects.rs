//! Projects (海星行动, 春蕾计划, …): their organising stations, coordinators and totals.

use super::Db;
use super::audit::Actor;
use super::audit::NewAudit;
use super::query::EFFECTIVE;
use crate::error::AppError;
use crate::model::volunteer::ProjectView;
use crate::server::markdown;

impl Db {
    /// Projects a person in `scope` picks from: those organised within it or by a node above
    /// it (a county's project runs in its townships), the newest `limit` of them (with `chosen`
    /// first in line, if it is in scope), listed oldest first. A province holds thousands; no
    /// page lists them all.
    pub async fn project_choices(
        &self,
        scope: &crate::model::permission::Scope,
        chosen: Option<i64>,
        limit: i64,
    ) -> Result<Vec<(i64, String)>, AppError> {
        use super::query::{Arg, Filter, bind_all};
        let mut f = Filter::default();
        f.within_or_above("p.station_id", scope);
        let n = f.next();
        let sql = format!(
            "SELECT p.id, p.name FROM projects p {}
             ORDER BY CASE WHEN p.id = ${n} THEN 0 ELSE 1 END, p.id DESC LIMIT ${}",
            f.where_sql(),
            n + 1
        );
        let mut args = f.args;
        args.push(Arg::Int(chosen.unwrap_or(-1)));
        args.push(Arg::Int(limit));
        let mut rows: Vec<(i64, String)> = with_pool!(self, pool => {
            bind_all!(sqlx::query_as(&sql), &args).fetch_all(pool).await?
        });
        rows.sort_by_key(|r| r.0);
        Ok(rows)
    }

    /// Project names with their lead station, of the stations on one page of the stations
    /// list (a province runs about 2,000 projects; a page shows those of its 50 nodes).
    pub async fn project_names(
        &self,
        station_ids: &[i64],
    ) -> Result<Vec<(String, String)>, AppError> {
        let mut f = super::query::Filter::default();
        f.scope("p.station_id", Some(station_ids));
        let sql = format!(
            "SELECT p.name, s.name FROM projects p
             JOIN stations s ON s.id = p.station_id {} ORDER BY p.id",
            f.where_sql()
        );
        Ok(with_pool!(self, pool => {
            super::query::bind_all!(sqlx::query_as(&sql), &f.args).fetch_all(pool).await?
        }))
    }

    /// Adds a project organised by `station_ids` (the first is the lead station); returns its
    /// id. Audited.
    pub async fn create_project(
        &self,
        name: &str,
        description_md: &str,
        station_ids: &[i64],
        actor: &Actor,
    ) -> Result<i64, AppError> {
        let Some(&lead) = station_ids.first() else {
            return Err(AppError::invalid("station_ids", "required"));
        };
        let id = with_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO projects (name, description_md, station_id, created_at)
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(name)
            .bind(description_md)
            .bind(lead)
            .bind(chrono::Utc::now())
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| super::conflict_or_internal(e, "project_exists"))?;
            for station in station_ids {
                sqlx::query(
                    "INSERT INTO project_stations (project_id, station_id) VALUES ($1, $2)
                     ON CONFLICT DO NOTHING",
                )
                .bind(id)
                .bind(station)
                .execute(&mut *tx)
                .await?;
            }
            audit!(&mut *tx, &NewAudit {
                station_id: Some(lead),
                action: "project_created",
                target: Some(format!("project:{id}")),
                detail: Some(name.to_owned()),
                ..NewAudit::from(actor)
            });
            id
        });
        Ok(id)
    }

    /// Every project with its organising stations, their coordinators and totals (four
    /// queries, whatever the number of projects).
    pub async fn project_overview(&self) -> Result<Vec<ProjectView>, AppError> {
        let projects: Vec<(i64, String, String)> = with_pool!(self, pool => {
            sqlx::query_as("SELECT id, name, description_md FROM projects ORDER BY id")
                .fetch_all(pool)
                .await?
        });
        let stations: Vec<(i64, i64, String)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT ps.project_id, s.id, s.name FROM project_stations ps
                 JOIN stations s ON s.id = ps.station_id ORDER BY s.name",
            )
            .fetch_all(pool)
            .await?
        });
        let coordinators: Vec<(i64, String)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT DISTINCT ps.project_id, u.display_name FROM project_stations ps
                 JOIN role_assignments r ON r.station_id = ps.station_id
                     AND r.role = 'coordinator' AND r.revoked_at IS NULL
                 JOIN users u ON u.id = r.user_id AND u.active = TRUE
                 ORDER BY u.display_name",
            )
            .fetch_all(pool)
            .await?
        });
        let totals_sql = format!(
            "SELECT a.project_id, COUNT(DISTINCT a.id),
                    CAST(COALESCE(SUM(CASE WHEN r.kind = 'service' AND {EFFECTIVE} THEN r.minutes ELSE 0 END), 0) AS BIGINT)
             FROM activities a LEFT JOIN hour_records r ON r.activity_id = a.id
             GROUP BY a.project_id"
        );
        let totals: Vec<(i64, i64, i64)> = with_pool!(self, pool => {
            sqlx::query_as(&totals_sql).fetch_all(pool).await?
        });
        Ok(projects
            .into_iter()
            .map(|(id, name, description)| {
                let (activities, service_minutes) = totals
                    .iter()
                    .find(|t| t.0 == id)
                    .map_or((0, 0), |t| (t.1, t.2));
                ProjectView {
                    id,
                    name,
                    description_html: markdown::render(&description),
                    stations: stations
                        .iter()
                        .filter(|s| s.0 == id)
                        .map(|s| (s.1, s.2.clone()))
                        .collect(),
                    coordinators: coordinators
                        .iter()
                        .filter(|c| c.0 == id)
                        .map(|c| c.1.clone())
                        .collect(),
                    service_minutes,
                    activities,
                }
            })
            .collect())
    }

    /// The stations organising a project.
    pub async fn project_station_ids(&self, project_id: i64) -> Result<Vec<i64>, AppError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar("SELECT station_id FROM project_stations WHERE project_id = $1")
                .bind(project_id)
                .fetch_all(pool)
                .await?
        }))
    }
}
