//! Stations: the county and its township/street stations.

use sqlx::FromRow;

use super::Db;
use crate::error::AppError;
use crate::model::permission::StationRef;
use crate::model::station::Station;

#[derive(FromRow)]
struct StationRow {
    id: i64,
    name: String,
    parent_id: Option<i64>,
}

/// A station with how many people hold each role there, for the stations page.
#[derive(Debug, Clone, FromRow, serde::Serialize, serde::Deserialize)]
pub struct StationCounts {
    /// Station id.
    pub id: i64,
    /// Station name.
    pub name: String,
    /// `None` for the county.
    pub parent_id: Option<i64>,
    /// Active trainee roles held here.
    pub trainees: i64,
    /// Active mentor roles held here.
    pub mentors: i64,
    /// Active coordinator roles held here.
    pub coordinators: i64,
    /// Projects this station organises.
    pub projects: i64,
}

impl Db {
    /// Every station, county first, then by name.
    pub async fn stations(&self) -> Result<Vec<Station>, AppError> {
        const SQL: &str = "SELECT id, name, parent_id FROM stations
                           ORDER BY (parent_id IS NOT NULL), name";
        let rows: Vec<StationRow> =
            with_pool!(self, pool => sqlx::query_as(SQL).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|r| Station {
                id: r.id,
                name: r.name,
                parent_id: r.parent_id,
            })
            .collect())
    }

    /// The station with `id`, as the permission rules see it.
    pub async fn station_ref(&self, id: i64) -> Result<Option<StationRef>, AppError> {
        const SQL: &str = "SELECT id, name, parent_id FROM stations WHERE id = $1";
        let row: Option<StationRow> =
            with_pool!(self, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await?);
        Ok(row.map(|r| StationRef {
            id: r.id,
            parent_id: r.parent_id,
        }))
    }

    /// Every station with role and project counts, in one query.
    pub async fn station_counts(&self) -> Result<Vec<StationCounts>, AppError> {
        const SQL: &str = "
            SELECT s.id, s.name, s.parent_id,
                   COUNT(DISTINCT CASE WHEN r.role = 'trainee' THEN r.user_id END) AS trainees,
                   COUNT(DISTINCT CASE WHEN r.role = 'mentor' THEN r.user_id END) AS mentors,
                   COUNT(DISTINCT CASE WHEN r.role = 'coordinator' THEN r.user_id END)
                       AS coordinators,
                   (SELECT COUNT(*) FROM projects p WHERE p.station_id = s.id) AS projects
            FROM stations s
            LEFT JOIN role_assignments r ON r.station_id = s.id AND r.revoked_at IS NULL
            GROUP BY s.id, s.name, s.parent_id
            ORDER BY (s.parent_id IS NOT NULL), s.name";
        Ok(with_pool!(self, pool => sqlx::query_as(SQL).fetch_all(pool).await?))
    }

    /// Adds a station under `parent_id` (or the county itself when `None`); returns its id.
    pub async fn create_station(
        &self,
        name: &str,
        parent_id: Option<i64>,
    ) -> Result<i64, AppError> {
        const SQL: &str =
            "INSERT INTO stations (name, parent_id, created_at) VALUES ($1, $2, $3) RETURNING id";
        let id: i64 = with_pool!(self, pool => {
            sqlx::query_scalar(SQL)
                .bind(name)
                .bind(parent_id)
                .bind(chrono::Utc::now())
                .fetch_one(pool)
                .await
                .map_err(|e| super::conflict_or_internal(e, "station_exists"))?
        });
        Ok(id)
    }
}
