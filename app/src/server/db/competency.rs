//! Frameworks, enrolments, practices, sign-off requests and decisions.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

use super::Db;
use super::audit::Actor;
use super::audit::NewAudit;
use super::default_framework;
use super::offline::claim_client_id;
use super::query::under;
use crate::error::AppError;
use crate::model::competency::{
    Area, Framework, Item, Level, NewPractice, ObservationClaim, Outcome, Practice, PracticeFact,
    Setting, SignOffRule,
};
use crate::model::offline::OfflineKind;
use crate::model::permission::StationRef;
use crate::server::markdown;

/// What the progress page and the sign-off rule need about one trainee, in three queries.
#[derive(Debug, Clone, Default)]
pub struct ProgressFacts {
    /// Not-withdrawn practices per item code.
    pub practices: HashMap<String, Vec<PracticeFact>>,
    /// Waiting request id per item code.
    pub pending: HashMap<String, i64>,
    /// Latest decision per item code.
    pub latest: HashMap<String, Decision>,
    /// Every decision, oldest first (the timeline).
    pub decisions: Vec<Decision>,
}

/// A decision as the timeline shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Decision {
    /// Decision id.
    pub id: i64,
    /// The request decided, `None` for a revocation.
    pub request_id: Option<i64>,
    pub item_code: String,
    pub outcome: Outcome,
    /// The mentor's comment or the revocation's reason.
    pub comment: String,
    /// Who decided.
    pub decided_by: String,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// Practice ids it relied on.
    pub evidence: Vec<i64>,
}

/// A waiting sign-off request in a mentor's queue.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, serde::Serialize, serde::Deserialize)]
pub struct QueueEntry {
    pub request_id: i64,
    pub trainee_id: i64,
    pub trainee_name: String,
    pub item_code: String,
    /// Item title in the trainee's version.
    pub item_title: String,
    /// When requested.
    pub requested_at: DateTime<Utc>,
}

/// A request with what the review page needs.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, serde::Serialize, serde::Deserialize)]
pub struct RequestRow {
    /// Request id.
    pub id: i64,
    pub trainee_id: i64,
    pub trainee_name: String,
    pub item_code: String,
    /// Framework version.
    pub version_id: i64,
    /// When requested.
    pub requested_at: DateTime<Utc>,
}

/// A comment in a request's thread.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, serde::Serialize, serde::Deserialize)]
pub struct Comment {
    /// Author's name.
    pub author: String,
    /// Text (plain; shown escaped).
    pub body: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A trainee as a mentor's overview shows them.
#[derive(Debug, Clone, PartialEq, Eq, FromRow, serde::Serialize, serde::Deserialize)]
pub struct TraineeRow {
    /// Trainee id.
    pub id: i64,
    pub name: String,
    /// Station name.
    pub station: String,
}

#[derive(FromRow)]
struct ItemRow {
    id: i64,
    area_code: String,
    area_title: String,
    code: String,
    title: String,
    description_md: String,
    evidence: String,
    min_independent: i64,
    min_real_observed: i64,
}

#[derive(FromRow)]
struct PracticeRow {
    id: i64,
    trainee_id: i64,
    practised_on: NaiveDate,
    setting: String,
    level: String,
    mentor_observed: bool,
    observation_confirmed: bool,
    project: Option<String>,
    township: String,
    village: String,
    alias: String,
    age_band: String,
    reflection_md: String,
    locked: bool,
    recorded_by: String,
}

#[derive(FromRow)]
struct DecisionRow {
    id: i64,
    request_id: Option<i64>,
    item_code: String,
    outcome: String,
    comment: String,
    decided_by: String,
    decided_at: DateTime<Utc>,
    evidence: String,
}

impl DecisionRow {
    fn into_decision(self) -> Option<Decision> {
        Some(Decision {
            id: self.id,
            request_id: self.request_id,
            item_code: self.item_code,
            outcome: Outcome::parse(&self.outcome)?,
            comment: self.comment,
            decided_by: self.decided_by,
            decided_at: self.decided_at,
            evidence: self
                .evidence
                .split(',')
                .filter_map(|s| s.parse().ok())
                .collect(),
        })
    }
}

const PRACTICE_COLUMNS: &str = "
    SELECT p.id, p.trainee_id, p.practised_on, p.setting, p.level, p.mentor_observed,
           (p.observation_confirmed_by IS NOT NULL) AS observation_confirmed, pr.name AS project, p.township, p.village, p.alias, p.age_band, p.reflection_md,
           p.locked, u.display_name AS recorded_by
    FROM practices p
    LEFT JOIN projects pr ON pr.id = p.project_id
    JOIN users u ON u.id = p.recorded_by";

const DECISION_COLUMNS: &str = "
    SELECT d.id, d.request_id, d.item_code, d.outcome, d.comment, u.display_name AS decided_by,
           d.decided_at, d.evidence
    FROM signoff_decisions d JOIN users u ON u.id = d.decided_by";

/// Trainees the person oversees: those holding the trainee role at a station where the person
/// holds one of `roles` (a role covers the subtree under its node), and their own active mentees
/// wherever they work. `$1` is the person's id.
fn overseen_trainees(roles: &str) -> String {
    format!(
        "SELECT ra.user_id FROM role_assignments ra
         JOIN stations st ON st.id = ra.station_id
         WHERE ra.role = 'trainee' AND ra.revoked_at IS NULL
           AND EXISTS (SELECT 1 FROM role_assignments m JOIN stations ms ON ms.id = m.station_id
                       WHERE m.user_id = $1 AND m.revoked_at IS NULL AND m.role IN ({roles})
                         AND {covers})
         UNION
         SELECT trainee_id FROM pairings WHERE mentor_id = $1 AND status = 'active'",
        covers = under!("st.path", "ms.path")
    )
}

/// The trainees `$1` mentors in an active pairing: the only ones whose requests they decide.
const PAIRED_TRAINEES: &str =
    "SELECT trainee_id FROM pairings WHERE mentor_id = $1 AND status = 'active'";
/// Roles that follow trainees' progress.
const OVERSEERS: &str = "'mentor', 'admin', 'coordinator'";

impl Db {
    /// Loads the default framework as published version 1 when no framework exists yet.
    pub async fn ensure_default_framework(&self) -> Result<(), AppError> {
        let now = Utc::now();
        with_tx!(self, tx => {
            let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM framework_versions")
                .fetch_one(&mut *tx)
                .await?;
            if existing == 0 {
                let version_id: i64 = sqlx::query_scalar(
                    "INSERT INTO framework_versions (name, version, published_at, created_at)
                     VALUES ($1, 1, $2, $2) RETURNING id",
                )
                .bind(default_framework::NAME)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                let rule = SignOffRule::default();
                for (area_pos, (area_code, area_title, items)) in default_framework::AREAS.iter().enumerate() {
                    let area_id: i64 = sqlx::query_scalar(
                        "INSERT INTO framework_areas (version_id, code, title, position)
                         VALUES ($1, $2, $3, $4) RETURNING id",
                    )
                    .bind(version_id)
                    .bind(*area_code)
                    .bind(*area_title)
                    .bind(i64::try_from(area_pos).unwrap_or_default())
                    .fetch_one(&mut *tx)
                    .await?;
                    for (pos, (code, title, description, evidence)) in items.iter().enumerate() {
                        sqlx::query(
                            "INSERT INTO framework_items (version_id, area_id, code, title,
                                 description_md, evidence, min_independent, min_real_observed, position)
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                        )
                        .bind(version_id)
                        .bind(area_id)
                        .bind(*code)
                        .bind(*title)
                        .bind(*description)
                        .bind(*evidence)
                        .bind(i64::from(rule.min_independent))
                        .bind(i64::from(rule.min_real_observed))
                        .bind(i64::try_from(pos).unwrap_or_default())
                        .execute(&mut *tx)
                        .await?;
                    }
                }
            }
        });
        Ok(())
    }

    /// The newest published framework version.
    pub async fn latest_published_version(&self) -> Result<Option<i64>, AppError> {
        const SQL: &str = "SELECT id FROM framework_versions WHERE published_at IS NOT NULL
                           ORDER BY published_at DESC, id DESC LIMIT 1";
        Ok(with_pool!(self, pool => sqlx::query_scalar(SQL).fetch_optional(pool).await?))
    }

    /// A framework version with its areas and items, descriptions rendered to safe HTML.
    pub async fn framework(&self, version_id: i64) -> Result<Option<Framework>, AppError> {
        const HEAD: &str =
            "SELECT name, version, published_at FROM framework_versions WHERE id = $1";
        const ITEMS: &str = "
            SELECT i.id, a.code AS area_code, a.title AS area_title, i.code, i.title,
                   i.description_md, i.evidence, i.min_independent, i.min_real_observed
            FROM framework_items i JOIN framework_areas a ON a.id = i.area_id
            WHERE i.version_id = $1 ORDER BY a.position, i.position";
        let head: Option<(String, i64, Option<DateTime<Utc>>)> = with_pool!(self, pool => {
            sqlx::query_as(HEAD).bind(version_id).fetch_optional(pool).await?
        });
        let Some((name, version, published_at)) = head else {
            return Ok(None);
        };
        let rows: Vec<ItemRow> =
            with_pool!(self, pool => sqlx::query_as(ITEMS).bind(version_id).fetch_all(pool).await?);
        let mut areas: Vec<Area> = Vec::new();
        for row in rows {
            if areas.last().is_none_or(|a| a.code != row.area_code) {
                areas.push(Area {
                    code: row.area_code.clone(),
                    title: row.area_title.clone(),
                    items: Vec::new(),
                });
            }
            if let Some(area) = areas.last_mut() {
                area.items.push(Item {
                    id: row.id,
                    code: row.code,
                    title: row.title,
                    description_html: markdown::render(&row.description_md),
                    description_md: row.description_md,
                    evidence: row.evidence,
                    rule: SignOffRule {
                        min_independent: u32::try_from(row.min_independent).unwrap_or(2),
                        min_real_observed: u32::try_from(row.min_real_observed).unwrap_or(1),
                    },
                });
            }
        }
        Ok(Some(Framework {
            version_id,
            name,
            version,
            published_at,
            areas,
        }))
    }

    /// The version a trainee works against, enrolling them on the newest published version the
    /// first time.
    pub async fn ensure_enrolment(&self, trainee_id: i64) -> Result<i64, AppError> {
        const CURRENT: &str =
            "SELECT version_id FROM enrolments WHERE trainee_id = $1 AND ended_at IS NULL";
        let current: Option<i64> = with_pool!(self, pool => {
            sqlx::query_scalar(CURRENT).bind(trainee_id).fetch_optional(pool).await?
        });
        if let Some(version) = current {
            return Ok(version);
        }
        let latest = self
            .latest_published_version()
            .await?
            .ok_or(AppError::NotFound)?;
        self.enrol(trainee_id, latest, &Actor::default()).await?;
        Ok(latest)
    }

    /// Moves a trainee onto `version_id`. Sign-offs follow item codes, so every sign-off whose
    /// item still exists in the new version stays.
    pub async fn enrol(
        &self,
        trainee_id: i64,
        version_id: i64,
        actor: &Actor,
    ) -> Result<(), AppError> {
        let now = Utc::now();
        with_tx!(self, tx => {
            sqlx::query("UPDATE enrolments SET ended_at = $1 WHERE trainee_id = $2 AND ended_at IS NULL")
                .bind(now)
                .bind(trainee_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO enrolments (trainee_id, version_id, enrolled_at, enrolled_by)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(trainee_id)
            .bind(version_id)
            .bind(now)
            .bind(actor.user_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| super::conflict_or_internal(e, "already_enrolled"))?;
            audit!(&mut *tx, &NewAudit {
                action: "trainee_enrolled",
                target: Some(format!("account:{trainee_id}")),
                detail: Some(format!("version:{version_id}")),
                ..NewAudit::from(actor)
            });
        });
        Ok(())
    }

    /// Where a trainee works (their first current trainee role), for permission checks.
    pub async fn trainee_station(
        &self,
        trainee_id: i64,
    ) -> Result<Option<(StationRef, String)>, AppError> {
        const SQL: &str = "
            SELECT st.id, st.path, u.display_name FROM role_assignments ra
            JOIN stations st ON st.id = ra.station_id JOIN users u ON u.id = ra.user_id
            WHERE ra.user_id = $1 AND ra.role = 'trainee' AND ra.revoked_at IS NULL
            ORDER BY ra.id LIMIT 1";
        let row: Option<(i64, String, String)> = with_pool!(self, pool => {
            sqlx::query_as(SQL).bind(trainee_id).fetch_optional(pool).await?
        });
        Ok(row.map(|(id, path, name)| (StationRef { id, path }, name)))
    }

    /// Records a practice (by the trainee, or by a mentor who observed it). `None` when a phone
    /// sent this practice before (same `client_id`): nothing is written again.
    pub async fn create_practice(
        &self,
        trainee_id: i64,
        recorded_by: i64,
        new: &NewPractice,
    ) -> Result<Option<i64>, AppError> {
        let now = Utc::now();
        let mentor_confirms = new.mentor_observed && recorded_by != trainee_id;
        let id = with_tx!(self, tx => {
            if let Some(client) = &new.client_id
                && !claim_client_id!(&mut *tx, recorded_by, client, OfflineKind::Practice)
            {
                // Sent before (a retry, a second tab): stored once, nothing more to write.
                return Ok(None);
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO practices (trainee_id, practised_on, setting, level, mentor_observed,
                     project_id, township, village, alias, age_band, reflection_md, recorded_by,
                     created_at, updated_at, locked, observation_confirmed_by,
                     observation_confirmed_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, FALSE, $14, $15)
                 RETURNING id",
            )
            .bind(trainee_id)
            .bind(new.practised_on)
            .bind(new.setting.as_str())
            .bind(new.level.as_str())
            .bind(new.mentor_observed)
            .bind(new.project_id)
            .bind(&new.township)
            .bind(&new.village)
            .bind(&new.alias)
            .bind(&new.age_band)
            .bind(&new.reflection_md)
            .bind(recorded_by)
            .bind(now)
            // A mentor recording what they observed confirms it by recording it.
            .bind(mentor_confirms.then_some(recorded_by))
            .bind(mentor_confirms.then_some(now))
            .fetch_one(&mut *tx)
            .await?;
            for code in &new.item_codes {
                sqlx::query("INSERT INTO practice_items (practice_id, item_code) VALUES ($1, $2)")
                    .bind(id)
                    .bind(code)
                    .execute(&mut *tx)
                    .await?;
            }
            id
        });
        Ok(Some(id))
    }

    /// Edits a practice that no decision has used yet.
    pub async fn update_practice(
        &self,
        id: i64,
        trainee_id: i64,
        new: &NewPractice,
    ) -> Result<(), AppError> {
        with_tx!(self, tx => {
            let changed = sqlx::query(
                "UPDATE practices SET practised_on = $1, setting = $2, level = $3,
                     mentor_observed = $4, project_id = $5, township = $6, village = $7,
                     alias = $8, age_band = $9, reflection_md = $10, updated_at = $11,
                     observation_confirmed_by = NULL, observation_confirmed_at = NULL
                 WHERE id = $12 AND trainee_id = $13 AND locked = FALSE AND withdrawn_at IS NULL",
            )
            .bind(new.practised_on)
            .bind(new.setting.as_str())
            .bind(new.level.as_str())
            .bind(new.mentor_observed)
            .bind(new.project_id)
            .bind(&new.township)
            .bind(&new.village)
            .bind(&new.alias)
            .bind(&new.age_band)
            .bind(&new.reflection_md)
            .bind(Utc::now())
            .bind(id)
            .bind(trainee_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(AppError::Conflict("practice_locked".into()));
            }
            sqlx::query("DELETE FROM practice_items WHERE practice_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            for code in &new.item_codes {
                sqlx::query("INSERT INTO practice_items (practice_id, item_code) VALUES ($1, $2)")
                    .bind(id)
                    .bind(code)
                    .execute(&mut *tx)
                    .await?;
            }
        });
        Ok(())
    }

    /// Withdraws a practice no decision has used; it stays stored but stops counting.
    pub async fn withdraw_practice(&self, id: i64, trainee_id: i64) -> Result<(), AppError> {
        let changed = with_pool!(self, pool => {
            sqlx::query(
                "UPDATE practices SET withdrawn_at = $1
                 WHERE id = $2 AND trainee_id = $3 AND locked = FALSE AND withdrawn_at IS NULL",
            )
            .bind(Utc::now())
            .bind(id)
            .bind(trainee_id)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if changed == 0 {
            Err(AppError::Conflict("practice_locked".into()))
        } else {
            Ok(())
        }
    }

    /// A trainee's not-withdrawn practices, newest first (two queries, however many there are).
    pub async fn practices(&self, trainee_id: i64) -> Result<Vec<Practice>, AppError> {
        let sql = format!(
            "{PRACTICE_COLUMNS} WHERE p.trainee_id = $1 AND p.withdrawn_at IS NULL
             ORDER BY p.practised_on DESC, p.id DESC"
        );
        let rows: Vec<PracticeRow> =
            with_pool!(self, pool => sqlx::query_as(&sql).bind(trainee_id).fetch_all(pool).await?);
        const ITEMS: &str = "SELECT pi.practice_id, pi.item_code FROM practice_items pi
                             JOIN practices p ON p.id = pi.practice_id
                             WHERE p.trainee_id = $1 ORDER BY pi.item_code";
        let items: Vec<(i64, String)> =
            with_pool!(self, pool => sqlx::query_as(ITEMS).bind(trainee_id).fetch_all(pool).await?);
        Ok(assemble_practices(rows, &items))
    }

    /// One practice, withdrawn or not.
    pub async fn practice(&self, id: i64) -> Result<Option<Practice>, AppError> {
        let sql = format!("{PRACTICE_COLUMNS} WHERE p.id = $1 AND p.withdrawn_at IS NULL");
        let rows: Vec<PracticeRow> =
            with_pool!(self, pool => sqlx::query_as(&sql).bind(id).fetch_all(pool).await?);
        const ITEMS: &str = "SELECT practice_id, item_code FROM practice_items
                             WHERE practice_id = $1 ORDER BY item_code";
        let items: Vec<(i64, String)> =
            with_pool!(self, pool => sqlx::query_as(ITEMS).bind(id).fetch_all(pool).await?);
        Ok(assemble_practices(rows, &items).into_iter().next())
    }

    /// Practices of this mentor's actively paired trainees that claim the mentor's observation
    /// and wait for it to be confirmed, oldest first.
    pub async fn observation_claims(
        &self,
        mentor_id: i64,
    ) -> Result<Vec<ObservationClaim>, AppError> {
        const SQL: &str = "
            SELECT p.id, p.trainee_id, u.display_name, p.practised_on,
                   COALESCE((SELECT MIN(pi.item_code) FROM practice_items pi
                             WHERE pi.practice_id = p.id), '') AS items,
                   p.setting, p.level
            FROM practices p JOIN users u ON u.id = p.trainee_id
            WHERE p.mentor_observed AND p.observation_confirmed_by IS NULL
              AND p.withdrawn_at IS NULL AND p.trainee_id <> $1
              AND p.trainee_id IN (SELECT trainee_id FROM pairings
                                   WHERE mentor_id = $1 AND status = 'active')
            ORDER BY p.practised_on, p.id";
        let rows: Vec<(i64, i64, String, NaiveDate, String, String, String)> = with_pool!(self, pool => {
            sqlx::query_as(SQL).bind(mentor_id).fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .filter_map(
                |(practice_id, trainee_id, trainee_name, practised_on, items, setting, level)| {
                    Some(ObservationClaim {
                        practice_id,
                        trainee_id,
                        trainee_name,
                        practised_on,
                        items,
                        setting: Setting::parse(&setting)?,
                        level: Level::parse(&level)?,
                    })
                },
            )
            .collect())
    }

    /// A paired mentor confirms they observed a practice, so it counts as observed; audited.
    /// Confirming twice, or a practice that claims no observation, is a conflict.
    pub async fn confirm_observation(
        &self,
        practice_id: i64,
        station_id: i64,
        actor: &Actor,
    ) -> Result<(), AppError> {
        let now = Utc::now();
        with_tx!(self, tx => {
            let changed = sqlx::query(
                "UPDATE practices SET observation_confirmed_by = $1, observation_confirmed_at = $2
                 WHERE id = $3 AND mentor_observed AND observation_confirmed_by IS NULL
                   AND withdrawn_at IS NULL",
            )
            .bind(actor.user_id)
            .bind(now)
            .bind(practice_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(AppError::Conflict("already_confirmed".into()));
            }
            audit!(&mut *tx, &NewAudit {
                station_id: Some(station_id),
                action: "observation_confirmed",
                target: Some(format!("practice:{practice_id}")),
                ..NewAudit::from(actor)
            });
        });
        Ok(())
    }

    /// Practices, waiting requests and decisions of one trainee, in three queries.
    pub async fn progress_facts(&self, trainee_id: i64) -> Result<ProgressFacts, AppError> {
        const PRACTICES: &str = "
            SELECT pi.item_code, p.setting, p.level,
                   (p.mentor_observed AND p.observation_confirmed_by IS NOT NULL) AS observed
            FROM practice_items pi JOIN practices p ON p.id = pi.practice_id
            WHERE p.trainee_id = $1 AND p.withdrawn_at IS NULL";
        const PENDING: &str = "
            SELECT r.id, r.item_code FROM signoff_requests r
            WHERE r.trainee_id = $1
              AND NOT EXISTS (SELECT 1 FROM signoff_decisions d WHERE d.request_id = r.id)";
        let sql = format!("{DECISION_COLUMNS} WHERE d.trainee_id = $1 ORDER BY d.id");
        let practice_rows: Vec<(String, String, String, bool)> = with_pool!(self, pool => sqlx::query_as(PRACTICES).bind(trainee_id).fetch_all(pool).await?);
        let pending_rows: Vec<(i64, String)> = with_pool!(self, pool => sqlx::query_as(PENDING).bind(trainee_id).fetch_all(pool).await?);
        let decision_rows: Vec<DecisionRow> =
            with_pool!(self, pool => sqlx::query_as(&sql).bind(trainee_id).fetch_all(pool).await?);
        let mut facts = ProgressFacts::default();
        for (code, setting, level, mentor_observed) in practice_rows {
            if let (Some(setting), Some(level)) = (Setting::parse(&setting), Level::parse(&level)) {
                facts.practices.entry(code).or_default().push(PracticeFact {
                    setting,
                    level,
                    mentor_observed,
                });
            }
        }
        facts.pending = pending_rows
            .into_iter()
            .map(|(id, code)| (code, id))
            .collect();
        facts.decisions = decision_rows
            .into_iter()
            .filter_map(DecisionRow::into_decision)
            .collect();
        for decision in &facts.decisions {
            facts
                .latest
                .insert(decision.item_code.clone(), decision.clone());
        }
        Ok(facts)
    }

    /// Opens a sign-off request unless one is already waiting for this item.
    pub async fn request_signoff(
        &self,
        trainee_id: i64,
        item_code: &str,
        version_id: i64,
        actor: &Actor,
    ) -> Result<i64, AppError> {
        let id = with_tx!(self, tx => {
            let waiting: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM signoff_requests r WHERE r.trainee_id = $1 AND r.item_code = $2
                   AND NOT EXISTS (SELECT 1 FROM signoff_decisions d WHERE d.request_id = r.id)",
            )
            .bind(trainee_id)
            .bind(item_code)
            .fetch_one(&mut *tx)
            .await?;
            if waiting > 0 {
                return Err(AppError::Conflict("already_pending".into()));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO signoff_requests (trainee_id, item_code, version_id, requested_at)
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(trainee_id)
            .bind(item_code)
            .bind(version_id)
            .bind(Utc::now())
            .fetch_one(&mut *tx)
            .await?;
            audit!(&mut *tx, &NewAudit {
                action: "signoff_requested",
                target: Some(format!("account:{trainee_id}")),
                detail: Some(item_code.to_owned()),
                ..NewAudit::from(actor)
            });
            id
        });
        Ok(id)
    }

    /// Waiting requests of the trainees this mentor is actively paired with, oldest first.
    pub async fn review_queue(&self, reviewer_id: i64) -> Result<Vec<QueueEntry>, AppError> {
        let sql = format!(
            "SELECT r.id AS request_id, r.trainee_id, u.display_name AS trainee_name, r.item_code,
                    COALESCE(i.title, r.item_code) AS item_title, r.requested_at
             FROM signoff_requests r
             JOIN users u ON u.id = r.trainee_id
             LEFT JOIN framework_items i ON i.version_id = r.version_id AND i.code = r.item_code
             WHERE r.trainee_id <> $1
               AND r.trainee_id IN ({PAIRED_TRAINEES})
               AND NOT EXISTS (SELECT 1 FROM signoff_decisions d WHERE d.request_id = r.id)
             ORDER BY r.requested_at, r.id"
        );
        Ok(with_pool!(self, pool => sqlx::query_as(&sql).bind(reviewer_id).fetch_all(pool).await?))
    }

    /// Sign-off status counts for every trainee this person oversees, in two queries:
    /// `(trainee id, competent items, waiting requests)`.
    pub async fn overseen_summaries(
        &self,
        reviewer_id: i64,
    ) -> Result<HashMap<i64, (usize, usize)>, AppError> {
        let scope = overseen_trainees(OVERSEERS);
        let decisions_sql = format!(
            "SELECT d.trainee_id, d.item_code, d.outcome FROM signoff_decisions d
             WHERE d.trainee_id IN ({scope}) ORDER BY d.id"
        );
        let pending_sql = format!(
            "SELECT r.trainee_id, COUNT(*) FROM signoff_requests r
             WHERE r.trainee_id IN ({scope})
               AND NOT EXISTS (SELECT 1 FROM signoff_decisions d WHERE d.request_id = r.id)
             GROUP BY r.trainee_id"
        );
        let decisions: Vec<(i64, String, String)> = with_pool!(self, pool => {
            sqlx::query_as(&decisions_sql).bind(reviewer_id).fetch_all(pool).await?
        });
        let pending: Vec<(i64, i64)> = with_pool!(self, pool => {
            sqlx::query_as(&pending_sql).bind(reviewer_id).fetch_all(pool).await?
        });
        let mut latest: HashMap<(i64, String), String> = HashMap::new();
        for (trainee, code, outcome) in decisions {
            latest.insert((trainee, code), outcome);
        }
        let mut out: HashMap<i64, (usize, usize)> = HashMap::new();
        for ((trainee, _), outcome) in latest {
            if outcome == Outcome::Competent.as_str() {
                out.entry(trainee).or_default().0 += 1;
            }
        }
        for (trainee, count) in pending {
            out.entry(trainee).or_default().1 = usize::try_from(count).unwrap_or_default();
        }
        Ok(out)
    }

    /// Trainees this person oversees (mentors, coordinators and admins of their stations).
    pub async fn overseen_trainees(&self, reviewer_id: i64) -> Result<Vec<TraineeRow>, AppError> {
        let sql = format!(
            "SELECT u.id, u.display_name AS name, MIN(st.name) AS station
             FROM users u
             JOIN role_assignments ra ON ra.user_id = u.id AND ra.role = 'trainee' AND ra.revoked_at IS NULL
             JOIN stations st ON st.id = ra.station_id
             WHERE u.active = TRUE AND u.id <> $1 AND u.id IN ({})
             GROUP BY u.id, u.display_name ORDER BY MIN(st.name), u.display_name",
            overseen_trainees(OVERSEERS)
        );
        Ok(with_pool!(self, pool => sqlx::query_as(&sql).bind(reviewer_id).fetch_all(pool).await?))
    }

    /// One request.
    pub async fn signoff_request(&self, id: i64) -> Result<Option<RequestRow>, AppError> {
        const SQL: &str = "
            SELECT r.id, r.trainee_id, u.display_name AS trainee_name, r.item_code, r.version_id,
                   r.requested_at
            FROM signoff_requests r JOIN users u ON u.id = r.trainee_id WHERE r.id = $1";
        Ok(with_pool!(self, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await?))
    }

    /// The decision on a request, if made.
    pub async fn decision_for_request(
        &self,
        request_id: i64,
    ) -> Result<Option<Decision>, AppError> {
        let sql = format!("{DECISION_COLUMNS} WHERE d.request_id = $1");
        let row: Option<DecisionRow> = with_pool!(self, pool => sqlx::query_as(&sql).bind(request_id).fetch_optional(pool).await?);
        Ok(row.and_then(DecisionRow::into_decision))
    }

    /// Decides a waiting request. The decision records the practices it relied on, which become
    /// fixed. A second decision on the same request (two mentors at once) is refused by the
    /// unique index and reported as `already_decided`.
    pub async fn decide_request(
        &self,
        request_id: i64,
        outcome: Outcome,
        comment: &str,
        actor: &Actor,
    ) -> Result<i64, AppError> {
        let decided_by = actor.user_id.ok_or(AppError::NotSignedIn)?;
        let id = with_tx!(self, tx => {
            let request: Option<(i64, String, i64)> = sqlx::query_as(
                "SELECT trainee_id, item_code, version_id FROM signoff_requests WHERE id = $1",
            )
            .bind(request_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((trainee_id, item_code, version_id)) = request else {
                return Err(AppError::NotFound);
            };
            let evidence: Vec<i64> = sqlx::query_scalar(
                "SELECT p.id FROM practices p JOIN practice_items pi ON pi.practice_id = p.id
                 WHERE p.trainee_id = $1 AND pi.item_code = $2 AND p.withdrawn_at IS NULL
                 ORDER BY p.id",
            )
            .bind(trainee_id)
            .bind(&item_code)
            .fetch_all(&mut *tx)
            .await?;
            let evidence_text = evidence.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO signoff_decisions (request_id, trainee_id, item_code, version_id,
                     outcome, comment, evidence, decided_by, decided_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(request_id)
            .bind(trainee_id)
            .bind(&item_code)
            .bind(version_id)
            .bind(outcome.as_str())
            .bind(comment)
            .bind(&evidence_text)
            .bind(decided_by)
            .bind(Utc::now())
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| super::conflict_or_internal(e, "already_decided"))?;
            sqlx::query(
                "UPDATE practices SET locked = TRUE WHERE trainee_id = $1 AND withdrawn_at IS NULL
                   AND id IN (SELECT practice_id FROM practice_items WHERE item_code = $2)",
            )
            .bind(trainee_id)
            .bind(&item_code)
            .execute(&mut *tx)
            .await?;
            audit!(&mut *tx, &NewAudit {
                actor_id: Some(decided_by),
                action: "signoff_decided",
                target: Some(format!("account:{trainee_id}")),
                detail: Some(format!("{item_code} {}", outcome.as_str())),
                ip: actor.ip.clone(),
                ..NewAudit::default()
            });
            id
        });
        Ok(id)
    }

    /// Revokes a sign-off with a reason: a new decision, the old one stays.
    pub async fn revoke_signoff(
        &self,
        trainee_id: i64,
        item_code: &str,
        version_id: i64,
        reason: &str,
        actor: &Actor,
    ) -> Result<(), AppError> {
        let decided_by = actor.user_id.ok_or(AppError::NotSignedIn)?;
        with_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO signoff_decisions (request_id, trainee_id, item_code, version_id,
                     outcome, comment, evidence, decided_by, decided_at)
                 VALUES (NULL, $1, $2, $3, 'revoked', $4, '', $5, $6)",
            )
            .bind(trainee_id)
            .bind(item_code)
            .bind(version_id)
            .bind(reason)
            .bind(decided_by)
            .bind(Utc::now())
            .execute(&mut *tx)
            .await?;
            audit!(&mut *tx, &NewAudit {
                actor_id: Some(decided_by),
                action: "signoff_revoked",
                target: Some(format!("account:{trainee_id}")),
                detail: Some(item_code.to_owned()),
                ip: actor.ip.clone(),
                ..NewAudit::default()
            });
        });
        Ok(())
    }

    /// A request's comment thread, oldest first.
    pub async fn request_comments(&self, request_id: i64) -> Result<Vec<Comment>, AppError> {
        const SQL: &str = "SELECT u.display_name AS author, c.body, c.created_at
                           FROM request_comments c JOIN users u ON u.id = c.author_id
                           WHERE c.request_id = $1 ORDER BY c.id";
        Ok(with_pool!(self, pool => sqlx::query_as(SQL).bind(request_id).fetch_all(pool).await?))
    }

    /// Adds a comment to a request's thread.
    pub async fn add_request_comment(
        &self,
        request_id: i64,
        author_id: i64,
        body: &str,
    ) -> Result<(), AppError> {
        with_pool!(self, pool => {
            sqlx::query("INSERT INTO request_comments (request_id, author_id, body, created_at)
                         VALUES ($1, $2, $3, $4)")
                .bind(request_id)
                .bind(author_id)
                .bind(body)
                .bind(Utc::now())
                .execute(pool)
                .await?;
        });
        Ok(())
    }
}

fn assemble_practices(rows: Vec<PracticeRow>, items: &[(i64, String)]) -> Vec<Practice> {
    let mut codes: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, code) in items {
        codes.entry(*id).or_default().push(code.clone());
    }
    rows.into_iter()
        .filter_map(|r| {
            Some(Practice {
                id: r.id,
                trainee_id: r.trainee_id,
                practised_on: r.practised_on,
                item_codes: codes.remove(&r.id).unwrap_or_default(),
                setting: Setting::parse(&r.setting)?,
                level: Level::parse(&r.level)?,
                mentor_observed: r.mentor_observed,
                observation_confirmed: r.observation_confirmed,
                project: r.project,
                township: r.township,
                village: r.village,
                alias: r.alias,
                age_band: r.age_band,
                reflection_html: markdown::render(&r.reflection_md),
                reflection_md: r.reflection_md,
                locked: r.locked,
                recorded_by: r.recorded_by,
            })
        })
        .collect()
}
