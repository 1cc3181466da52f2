//! Stations: the tree of province, cities, counties and township/street stations.

use sqlx::FromRow;

use super::Db;
use crate::error::AppError;
use crate::model::permission::StationRef;
use crate::model::station::{Station, StationKind, child_path};

#[derive(FromRow)]
struct StationRow {
    id: i64,
    name: String,
    parent_id: Option<i64>,
    #[sqlx(try_from = "String")]
    kind: StationKind,
    path: String,
}

impl From<StationRow> for Station {
    fn from(r: StationRow) -> Self {
        Station {
            id: r.id,
            name: r.name,
            parent_id: r.parent_id,
            kind: r.kind,
            path: r.path,
        }
    }
}

/// Deepest tree a station may be added to; China's administrative levels stop at five.
pub const MAX_DEPTH: usize = 8;

/// A node with how many people hold each role there, for the stations page.
#[derive(Debug, Clone, FromRow, serde::Serialize, serde::Deserialize)]
pub struct StationCounts {
    /// Station id.
    pub id: i64,
    /// Station name.
    pub name: String,
    /// `None` for the root.
    pub parent_id: Option<i64>,
    /// Province, city, county or station.
    #[sqlx(try_from = "String")]
    pub kind: StationKind,
    /// Ids from the root down (its depth shows as indentation).
    pub path: String,
    /// Nodes directly under it.
    pub children: i64,
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
    /// Every node, in tree order (each node before the nodes under it), then by name.
    pub async fn stations(&self) -> Result<Vec<Station>, AppError> {
        const SQL: &str = "SELECT id, name, parent_id, kind, path FROM stations
                           ORDER BY LENGTH(path) - LENGTH(REPLACE(path, '/', '')), name";
        let rows: Vec<StationRow> =
            with_pool!(self, pool => sqlx::query_as(SQL).fetch_all(pool).await?);
        Ok(rows.into_iter().map(Station::from).collect())
    }

    /// One node.
    pub async fn station(&self, id: i64) -> Result<Option<Station>, AppError> {
        const SQL: &str = "SELECT id, name, parent_id, kind, path FROM stations WHERE id = $1";
        let row: Option<StationRow> =
            with_pool!(self, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await?);
        Ok(row.map(Station::from))
    }

    /// The nodes on the way from the root down to `station` (itself last), for breadcrumbs.
    pub async fn station_trail(&self, station: &Station) -> Result<Vec<Station>, AppError> {
        let ids = crate::model::station::path_ids(&station.path);
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        let sql = format!(
            "SELECT id, name, parent_id, kind, path FROM stations WHERE id IN ({})
             ORDER BY LENGTH(path)",
            list.join(", ")
        );
        let rows: Vec<StationRow> =
            with_pool!(self, pool => sqlx::query_as(&sql).fetch_all(pool).await?);
        Ok(rows.into_iter().map(Station::from).collect())
    }

    /// The nodes directly under `parent_id` (the roots when `None`), by name.
    pub async fn station_children(&self, parent_id: Option<i64>) -> Result<Vec<Station>, AppError> {
        const SQL: &str = "SELECT id, name, parent_id, kind, path FROM stations
                           WHERE parent_id = $1 OR ($1 IS NULL AND parent_id IS NULL)
                           ORDER BY name";
        let rows: Vec<StationRow> = with_pool!(self, pool => {
            sqlx::query_as(SQL).bind(parent_id).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(Station::from).collect())
    }

    /// The ids of the nodes directly under `parent_id` that have nodes under them.
    pub async fn stations_with_children(
        &self,
        parent_id: i64,
    ) -> Result<std::collections::HashSet<i64>, AppError> {
        const SQL: &str = "SELECT s.id FROM stations s WHERE s.parent_id = $1
                           AND EXISTS (SELECT 1 FROM stations c WHERE c.parent_id = s.id)";
        let ids: Vec<i64> = with_pool!(self, pool => {
            sqlx::query_scalar(SQL).bind(parent_id).fetch_all(pool).await?
        });
        Ok(ids.into_iter().collect())
    }

    /// Up to `limit` nodes in `scope` whose name contains `search`, by name; for pickers that
    /// must work with thousands of stations.
    pub async fn search_stations(
        &self,
        scope: &crate::model::permission::Scope,
        search: &str,
        limit: i64,
    ) -> Result<Vec<Station>, AppError> {
        let mut f = super::query::Filter::default();
        f.within("id", scope);
        let needle = crate::model::volunteer::station_search(search);
        if !needle.is_empty() {
            f.push(
                "name LIKE ? ESCAPE '\\'",
                vec![super::query::Arg::Text(
                    crate::model::volunteer::contains_pattern(&needle),
                )],
            );
        }
        let sql = format!(
            "SELECT id, name, parent_id, kind, path FROM stations {} ORDER BY name LIMIT ${}",
            f.where_sql(),
            f.next()
        );
        let rows: Vec<StationRow> = with_pool!(self, pool => {
            super::query::bind_all!(sqlx::query_as(&sql), &f.args).bind(limit).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(Station::from).collect())
    }

    /// The station with `id`, as the permission rules see it.
    pub async fn station_ref(&self, id: i64) -> Result<Option<StationRef>, AppError> {
        Ok(self.station(id).await?.map(|s| s.station_ref()))
    }

    /// A page of the nodes in `scope`, in tree order (each node before those under it), with
    /// role and project counts held at each node, in one query; and how many there are.
    pub async fn station_counts(
        &self,
        scope: &crate::model::permission::Scope,
        page: i64,
        per_page: i64,
    ) -> Result<(Vec<StationCounts>, i64), AppError> {
        let mut f = super::query::Filter::default();
        f.within("s.id", scope);
        let (limit, offset) = (f.next(), f.next() + 1);
        let sql = format!(
            "SELECT s.id, s.name, s.parent_id, s.kind, s.path,
                    (SELECT COUNT(DISTINCT r.user_id) FROM role_assignments r
                     WHERE r.station_id = s.id AND r.role = 'trainee' AND r.revoked_at IS NULL)
                        AS trainees,
                    (SELECT COUNT(DISTINCT r.user_id) FROM role_assignments r
                     WHERE r.station_id = s.id AND r.role = 'mentor' AND r.revoked_at IS NULL)
                        AS mentors,
                    (SELECT COUNT(DISTINCT r.user_id) FROM role_assignments r
                     WHERE r.station_id = s.id AND r.role = 'coordinator' AND r.revoked_at IS NULL)
                        AS coordinators,
                    (SELECT COUNT(*) FROM projects p WHERE p.station_id = s.id) AS projects,
                    (SELECT COUNT(*) FROM stations c WHERE c.parent_id = s.id) AS children
             FROM stations s {where_sql}
             ORDER BY s.path LIMIT ${limit} OFFSET ${offset}",
            where_sql = f.where_sql()
        );
        let count_sql = format!("SELECT COUNT(*) FROM stations s {}", f.where_sql());
        let offset_rows = (page.max(1) - 1) * per_page;
        let (rows, total): (Vec<StationCounts>, i64) = with_pool!(self, pool => (
            super::query::bind_all!(sqlx::query_as(&sql), &f.args)
                .bind(per_page)
                .bind(offset_rows)
                .fetch_all(pool)
                .await?,
            super::query::bind_all!(sqlx::query_scalar(&count_sql), &f.args)
                .fetch_one(pool)
                .await?,
        ));
        Ok((rows, total))
    }

    /// Adds a node under `parent_id`, of the kind that belongs below the parent; `None` adds a
    /// root of `root_kind`. Returns its id.
    pub async fn create_station(
        &self,
        name: &str,
        parent_id: Option<i64>,
        root_kind: StationKind,
    ) -> Result<i64, AppError> {
        const INSERT: &str = "INSERT INTO stations (name, parent_id, kind, path, created_at)
                              VALUES ($1, $2, $3, '', $4) RETURNING id";
        const SET_PATH: &str = "UPDATE stations SET path = $1 WHERE id = $2";
        let parent = match parent_id {
            Some(id) => Some(self.station(id).await?.ok_or(AppError::NotFound)?),
            None => None,
        };
        if parent
            .as_ref()
            .is_some_and(|p| crate::model::station::path_ids(&p.path).len() >= MAX_DEPTH)
        {
            return Err(AppError::invalid("parent_id", "too_deep"));
        }
        let kind = parent.as_ref().map_or(root_kind, |p| p.kind.below());
        let parent_path = parent.as_ref().map(|p| p.path.as_str());
        let id: i64 = with_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar(INSERT)
                .bind(name)
                .bind(parent_id)
                .bind(kind.as_str())
                .bind(chrono::Utc::now())
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| super::conflict_or_internal(e, "station_exists"))?;
            sqlx::query(SET_PATH)
                .bind(child_path(parent_path, id))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            id
        });
        Ok(id)
    }
}
