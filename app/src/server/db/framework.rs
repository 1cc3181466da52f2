//! Editing frameworks: a draft copied from the newest version, edited, then published as a new
//! version. A published version never changes (the database refuses it too).

use chrono::{DateTime, Utc};

use super::Db;
use super::audit::Actor;
use super::audit::NewAudit;
use crate::error::AppError;
use crate::model::competency::SignOffRule;

/// A version as the framework list shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, serde::Deserialize)]
pub struct VersionRow {
    /// Version id.
    pub id: i64,
    /// Framework name.
    pub name: String,
    /// Version number.
    pub version: i64,
    /// `None` for the draft.
    pub published_at: Option<DateTime<Utc>>,
    /// Trainees currently enrolled on it.
    pub trainees: i64,
}

/// The editable fields of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemEdit {
    pub title: String,
    /// Description (Markdown).
    pub description_md: String,
    /// What the mentor looks for.
    pub evidence: String,
    /// The sign-off rule.
    pub rule: SignOffRule,
}

impl Db {
    /// Every version, newest first, with its enrolment count.
    pub async fn framework_versions(&self) -> Result<Vec<VersionRow>, AppError> {
        const SQL: &str = "
            SELECT v.id, v.name, v.version, v.published_at,
                   (SELECT COUNT(*) FROM enrolments e WHERE e.version_id = v.id AND e.ended_at IS NULL)
                       AS trainees
            FROM framework_versions v ORDER BY v.version DESC";
        Ok(with_pool!(self, pool => sqlx::query_as(SQL).fetch_all(pool).await?))
    }

    /// Copies the newest version into a new draft; only one draft exists at a time.
    pub async fn create_framework_draft(&self, actor: &Actor) -> Result<i64, AppError> {
        let now = Utc::now();
        let id = with_tx!(self, tx => {
            let drafts: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM framework_versions WHERE published_at IS NULL",
            )
            .fetch_one(&mut *tx)
            .await?;
            if drafts > 0 {
                return Err(AppError::Conflict("draft_exists".into()));
            }
            let latest: Option<(i64, String, i64)> = sqlx::query_as(
                "SELECT id, name, version FROM framework_versions ORDER BY version DESC LIMIT 1",
            )
            .fetch_optional(&mut *tx)
            .await?;
            let Some((from, name, version)) = latest else {
                return Err(AppError::NotFound);
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO framework_versions (name, version, created_at) VALUES ($1, $2, $3)
                 RETURNING id",
            )
            .bind(&name)
            .bind(version + 1)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO framework_areas (version_id, code, title, position)
                 SELECT $1, code, title, position FROM framework_areas WHERE version_id = $2",
            )
            .bind(id)
            .bind(from)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO framework_items (version_id, area_id, code, title, description_md,
                     evidence, min_independent, min_real_observed, position)
                 SELECT $1, na.id, i.code, i.title, i.description_md, i.evidence,
                        i.min_independent, i.min_real_observed, i.position
                 FROM framework_items i
                 JOIN framework_areas oa ON oa.id = i.area_id
                 JOIN framework_areas na ON na.version_id = $1 AND na.code = oa.code
                 WHERE i.version_id = $2",
            )
            .bind(id)
            .bind(from)
            .execute(&mut *tx)
            .await?;
            audit!(&mut *tx, &NewAudit {
                action: "framework_draft_created",
                target: Some(format!("framework_version:{id}")),
                detail: Some(format!("{name} v{}", version + 1)),
                ..NewAudit::from(actor)
            });
            id
        });
        Ok(id)
    }

    /// Changes an item of a draft; items of published versions are refused.
    pub async fn edit_draft_item(&self, item_id: i64, edit: &ItemEdit) -> Result<i64, AppError> {
        let version: Option<i64> = with_pool!(self, pool => {
            sqlx::query_scalar(
                "UPDATE framework_items SET title = $1, description_md = $2, evidence = $3,
                     min_independent = $4, min_real_observed = $5
                 WHERE id = $6 AND version_id IN
                     (SELECT id FROM framework_versions WHERE published_at IS NULL)
                 RETURNING version_id",
            )
            .bind(&edit.title)
            .bind(&edit.description_md)
            .bind(&edit.evidence)
            .bind(i64::from(edit.rule.min_independent))
            .bind(i64::from(edit.rule.min_real_observed))
            .bind(item_id)
            .fetch_optional(pool)
            .await?
        });
        version.ok_or(AppError::Conflict("version_published".into()))
    }

    /// Removes an item from a draft (sign-offs on it stay in history; they stop showing for
    /// trainees moved to a version without it).
    pub async fn remove_draft_item(&self, item_id: i64) -> Result<i64, AppError> {
        let version: Option<i64> = with_pool!(self, pool => {
            sqlx::query_scalar(
                "DELETE FROM framework_items WHERE id = $1 AND version_id IN
                     (SELECT id FROM framework_versions WHERE published_at IS NULL)
                 RETURNING version_id",
            )
            .bind(item_id)
            .fetch_optional(pool)
            .await?
        });
        version.ok_or(AppError::Conflict("version_published".into()))
    }

    /// Adds an item at the end of an area of a draft.
    pub async fn add_draft_item(
        &self,
        version_id: i64,
        area_code: &str,
        code: &str,
        edit: &ItemEdit,
    ) -> Result<(), AppError> {
        with_tx!(self, tx => {
            let area: Option<(i64, i64)> = sqlx::query_as(
                "SELECT a.id, COALESCE((SELECT MAX(position) + 1 FROM framework_items WHERE area_id = a.id), 0)
                 FROM framework_areas a JOIN framework_versions v ON v.id = a.version_id
                 WHERE a.version_id = $1 AND a.code = $2 AND v.published_at IS NULL",
            )
            .bind(version_id)
            .bind(area_code)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((area_id, position)) = area else {
                return Err(AppError::Conflict("version_published".into()));
            };
            sqlx::query(
                "INSERT INTO framework_items (version_id, area_id, code, title, description_md,
                     evidence, min_independent, min_real_observed, position)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(version_id)
            .bind(area_id)
            .bind(code)
            .bind(&edit.title)
            .bind(&edit.description_md)
            .bind(&edit.evidence)
            .bind(i64::from(edit.rule.min_independent))
            .bind(i64::from(edit.rule.min_real_observed))
            .bind(position)
            .execute(&mut *tx)
            .await
            .map_err(|e| super::conflict_or_internal(e, "item_code_taken"))?;
        });
        Ok(())
    }

    /// Publishes a draft. From now on it never changes.
    pub async fn publish_framework(&self, version_id: i64, actor: &Actor) -> Result<(), AppError> {
        with_tx!(self, tx => {
            let changed = sqlx::query(
                "UPDATE framework_versions SET published_at = $1, published_by = $2
                 WHERE id = $3 AND published_at IS NULL",
            )
            .bind(Utc::now())
            .bind(actor.user_id)
            .bind(version_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(AppError::Conflict("version_published".into()));
            }
            audit!(&mut *tx, &NewAudit {
                action: "framework_published",
                target: Some(format!("framework_version:{version_id}")),
                ..NewAudit::from(actor)
            });
        });
        Ok(())
    }

    /// The version a trainee is enrolled on now, if any.
    pub async fn enrolled_version(&self, trainee_id: i64) -> Result<Option<i64>, AppError> {
        const SQL: &str =
            "SELECT version_id FROM enrolments WHERE trainee_id = $1 AND ended_at IS NULL";
        Ok(
            with_pool!(self, pool => sqlx::query_scalar(SQL).bind(trainee_id).fetch_optional(pool).await?),
        )
    }
}
