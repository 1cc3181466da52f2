//! Pairings, supervision sessions, actions, reflections, thresholds and the oversight view.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

use super::Db;
use super::audit::Actor;
use super::audit::NewAudit;
use super::query::under;
use crate::error::AppError;
use crate::model::mentorship::{
    ActionView, NewPairing, NewSession, PairingStatus, PairingView, ReflectionView, SessionDetail,
    SessionSummary,
};
use crate::server::markdown;

#[derive(FromRow)]
struct PairingRow {
    id: i64,
    trainee_id: i64,
    trainee: String,
    mentor_id: i64,
    mentor: String,
    station: String,
    is_primary: bool,
    starts_on: NaiveDate,
    planned_end_on: Option<NaiveDate>,
    agreement_md: String,
    #[sqlx(try_from = "String")]
    status: PairingStatus,
}

impl PairingRow {
    fn into_view(self) -> PairingView {
        PairingView {
            id: self.id,
            trainee_id: self.trainee_id,
            trainee: self.trainee,
            mentor_id: self.mentor_id,
            mentor: self.mentor,
            station: self.station,
            is_primary: self.is_primary,
            starts_on: self.starts_on,
            planned_end_on: self.planned_end_on,
            agreement_html: markdown::render(&self.agreement_md),
            status: self.status,
        }
    }
}

const PAIRING_COLUMNS: &str = "
    SELECT p.id, p.trainee_id, t.display_name AS trainee, p.mentor_id, m.display_name AS mentor,
           s.name AS station, p.is_primary, p.starts_on, p.planned_end_on, p.agreement_md, p.status
    FROM pairings p
    JOIN users t ON t.id = p.trainee_id
    JOIN users m ON m.id = p.mentor_id
    JOIN stations s ON s.id = p.station_id";

/// Pairings at stations where `$1` is a coordinator or admin (a role covers its subtree).
const COORDINATED: &str = concat!(
    "
    p.station_id IN (SELECT st.id FROM role_assignments r
                     JOIN stations rs ON rs.id = r.station_id
                     JOIN stations st ON ",
    under!("st.path", "rs.path"),
    "
                     WHERE r.user_id = $1 AND r.revoked_at IS NULL
                       AND r.role IN ('coordinator', 'admin'))"
);

#[derive(FromRow)]
struct OversightDbRow {
    id: i64,
    trainee_id: i64,
    trainee: String,
    mentor_id: i64,
    mentor: String,
    station: String,
    is_primary: bool,
    starts_on: NaiveDate,
    planned_end_on: Option<NaiveDate>,
    agreement_md: String,
    #[sqlx(try_from = "String")]
    status: PairingStatus,
    last_session: Option<NaiveDate>,
    overdue_actions: i64,
    late_requests: i64,
}

#[derive(FromRow)]
struct ReflectionRow {
    id: i64,
    trainee_id: i64,
    trainee: String,
    title: String,
    body_md: String,
    created_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct ActionRow {
    id: i64,
    session_id: i64,
    owner_id: i64,
    owner: String,
    description: String,
    due_on: NaiveDate,
    done_at: Option<DateTime<Utc>>,
}

impl ActionRow {
    fn into_view(self) -> ActionView {
        ActionView {
            id: self.id,
            session_id: self.session_id,
            owner_id: self.owner_id,
            owner: self.owner,
            description: self.description,
            due_on: self.due_on,
            done_at: self.done_at,
        }
    }
}

const ACTION_COLUMNS: &str = "
    SELECT a.id, a.session_id, a.owner_id, u.display_name AS owner, a.description, a.due_on, a.done_at
    FROM supervision_actions a JOIN users u ON u.id = a.owner_id";

impl Db {
    /// Active mentees per mentor holding a mentor role at a station `$1` coordinates.
    pub async fn mentor_loads(
        &self,
        coordinator_id: i64,
    ) -> Result<Vec<(i64, String, i64)>, AppError> {
        const SQL: &str = concat!(
            "
            SELECT u.id, u.display_name,
                   (SELECT COUNT(*) FROM pairings p WHERE p.mentor_id = u.id AND p.status = 'active')
            FROM users u
            WHERE u.active = TRUE AND u.id IN (
                SELECT m.user_id FROM role_assignments m JOIN stations st ON st.id = m.station_id
                WHERE m.role = 'mentor' AND m.revoked_at IS NULL
                  AND EXISTS (SELECT 1 FROM role_assignments r
                              JOIN stations rs ON rs.id = r.station_id
                              WHERE r.user_id = $1 AND r.revoked_at IS NULL
                                AND r.role IN ('coordinator', 'admin')
                                AND ",
            under!("st.path", "rs.path"),
            "))
            ORDER BY u.display_name"
        );
        Ok(
            with_pool!(self, pool => sqlx::query_as(SQL).bind(coordinator_id).fetch_all(pool).await?),
        )
    }

    /// Active trainees at stations this coordinator or admin covers: (id, name, station).
    pub async fn coordinated_trainees(
        &self,
        coordinator_id: i64,
    ) -> Result<Vec<(i64, String, String)>, AppError> {
        const SQL: &str = concat!(
            "
            SELECT u.id, u.display_name, MIN(st.name)
            FROM users u
            JOIN role_assignments t ON t.user_id = u.id AND t.role = 'trainee' AND t.revoked_at IS NULL
            JOIN stations st ON st.id = t.station_id
            WHERE u.active = TRUE
              AND EXISTS (SELECT 1 FROM role_assignments r
                          JOIN stations rs ON rs.id = r.station_id
                          WHERE r.user_id = $1 AND r.revoked_at IS NULL
                            AND r.role IN ('coordinator', 'admin')
                            AND ",
            under!("st.path", "rs.path"),
            ")
            GROUP BY u.id, u.display_name ORDER BY MIN(st.name), u.display_name"
        );
        Ok(
            with_pool!(self, pool => sqlx::query_as(SQL).bind(coordinator_id).fetch_all(pool).await?),
        )
    }

    /// Active mentees of one mentor.
    pub async fn mentor_load(&self, mentor_id: i64) -> Result<i64, AppError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM pairings WHERE mentor_id = $1 AND status = 'active'")
                .bind(mentor_id)
                .fetch_one(pool)
                .await?
        }))
    }

    /// True if `mentor_id` holds an active pairing with `trainee_id`.
    pub async fn is_paired(&self, mentor_id: i64, trainee_id: i64) -> Result<bool, AppError> {
        let n: i64 = with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM pairings WHERE mentor_id = $1 AND trainee_id = $2 AND status = 'active'",
            )
            .bind(mentor_id)
            .bind(trainee_id)
            .fetch_one(pool)
            .await?
        });
        Ok(n > 0)
    }

    /// Pairs a trainee with a mentor. A second active primary mentor is refused.
    pub async fn create_pairing(
        &self,
        new: &NewPairing,
        station_id: i64,
        actor: &Actor,
    ) -> Result<i64, AppError> {
        let id = with_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO pairings (trainee_id, mentor_id, is_primary, station_id, starts_on,
                     planned_end_on, agreement_md, status, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, $9) RETURNING id",
            )
            .bind(new.trainee_id)
            .bind(new.mentor_id)
            .bind(new.is_primary)
            .bind(station_id)
            .bind(new.starts_on)
            .bind(new.planned_end_on)
            .bind(&new.agreement_md)
            .bind(actor.user_id)
            .bind(Utc::now())
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| super::conflict_or_internal(e, "primary_exists"))?;
            audit!(&mut *tx, &NewAudit {
                station_id: Some(station_id),
                action: "pairing_created",
                target: Some(format!("account:{}", new.trainee_id)),
                detail: Some(format!("mentor account:{}", new.mentor_id)),
                ..NewAudit::from(actor)
            });
            id
        });
        Ok(id)
    }

    /// Ends an active pairing as completed or ended early (with a reason). History stays.
    pub async fn end_pairing(
        &self,
        id: i64,
        status: PairingStatus,
        reason: &str,
        actor: &Actor,
    ) -> Result<(), AppError> {
        with_tx!(self, tx => {
            let station: Option<i64> = sqlx::query_scalar(
                "UPDATE pairings SET status = $1, end_reason = $2, ended_at = $3
                 WHERE id = $4 AND status = 'active' RETURNING station_id",
            )
            .bind(status.as_str())
            .bind(reason)
            .bind(Utc::now())
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(station) = station else {
                return Err(AppError::NotFound);
            };
            audit!(&mut *tx, &NewAudit {
                station_id: Some(station),
                action: "pairing_ended",
                target: Some(format!("pairing:{id}")),
                detail: Some(status.as_str().to_owned()),
                ..NewAudit::from(actor)
            });
        });
        Ok(())
    }

    /// The station a pairing belongs to.
    pub async fn pairing_station(
        &self,
        id: i64,
    ) -> Result<Option<crate::model::permission::StationRef>, AppError> {
        let row: Option<(i64, String)> = with_pool!(self, pool => {
            sqlx::query_as("SELECT s.id, s.path FROM pairings p JOIN stations s ON s.id = p.station_id WHERE p.id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(|(id, path)| crate::model::permission::StationRef { id, path }))
    }

    /// Active pairings where the person is the trainee or the mentor (home page).
    pub async fn my_pairings(&self, user_id: i64) -> Result<Vec<PairingView>, AppError> {
        let sql = format!(
            "{PAIRING_COLUMNS} WHERE p.status = 'active' AND (p.trainee_id = $1 OR p.mentor_id = $1)
             ORDER BY p.is_primary DESC, p.id"
        );
        let rows: Vec<PairingRow> =
            with_pool!(self, pool => sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await?);
        Ok(rows.into_iter().map(PairingRow::into_view).collect())
    }

    /// Every pairing (any status) at stations this coordinator or admin covers, newest first.
    pub async fn coordinated_pairings(
        &self,
        coordinator_id: i64,
    ) -> Result<Vec<PairingView>, AppError> {
        let sql = format!(
            "{PAIRING_COLUMNS} WHERE {COORDINATED} ORDER BY (p.status = 'active') DESC, p.id DESC"
        );
        let rows: Vec<PairingRow> = with_pool!(self, pool => sqlx::query_as(&sql).bind(coordinator_id).fetch_all(pool).await?);
        Ok(rows.into_iter().map(PairingRow::into_view).collect())
    }

    /// Active pairings for oversight, with last supervision, overdue actions and late requests,
    /// in one query: for coordinators and admins (`as_mentor = false`) of their stations, or a
    /// mentor's own pairings.
    pub async fn oversight(
        &self,
        viewer_id: i64,
        as_mentor: bool,
        today: NaiveDate,
        late_before: DateTime<Utc>,
    ) -> Result<Vec<(PairingView, Option<NaiveDate>, i64, i64)>, AppError> {
        let scope = if as_mentor {
            "p.mentor_id = $1".to_owned()
        } else {
            COORDINATED.to_owned()
        };
        let sql = format!(
            "SELECT p.id, p.trainee_id, t.display_name AS trainee, p.mentor_id, m.display_name AS mentor,
                    s.name AS station, p.is_primary, p.starts_on, p.planned_end_on, p.agreement_md, p.status,
                    (SELECT MAX(ss.held_on) FROM supervision_sessions ss
                     JOIN supervision_attendees sa ON sa.session_id = ss.id
                     WHERE ss.mentor_id = p.mentor_id AND sa.trainee_id = p.trainee_id) AS last_session,
                    (SELECT COUNT(*) FROM supervision_actions a
                     JOIN supervision_sessions ss ON ss.id = a.session_id
                     JOIN supervision_attendees sa ON sa.session_id = ss.id AND sa.trainee_id = p.trainee_id
                     WHERE ss.mentor_id = p.mentor_id AND a.done_at IS NULL AND a.due_on < $2
                       AND a.owner_id IN (p.mentor_id, p.trainee_id)) AS overdue_actions,
                    (SELECT COUNT(*) FROM signoff_requests r
                     WHERE r.trainee_id = p.trainee_id AND r.requested_at < $3
                       AND NOT EXISTS (SELECT 1 FROM signoff_decisions d WHERE d.request_id = r.id))
                        AS late_requests
             FROM pairings p
             JOIN users t ON t.id = p.trainee_id
             JOIN users m ON m.id = p.mentor_id
             JOIN stations s ON s.id = p.station_id
             WHERE p.status = 'active' AND {scope}
             ORDER BY s.name, m.display_name, t.display_name"
        );
        let rows: Vec<OversightDbRow> = with_pool!(self, pool => {
            sqlx::query_as(&sql).bind(viewer_id).bind(today).bind(late_before).fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|r| {
                let view = PairingRow {
                    id: r.id,
                    trainee_id: r.trainee_id,
                    trainee: r.trainee,
                    mentor_id: r.mentor_id,
                    mentor: r.mentor,
                    station: r.station,
                    is_primary: r.is_primary,
                    starts_on: r.starts_on,
                    planned_end_on: r.planned_end_on,
                    agreement_md: r.agreement_md,
                    status: r.status,
                }
                .into_view();
                (view, r.last_session, r.overdue_actions, r.late_requests)
            })
            .collect())
    }

    /// Records a supervision session with its attendees and actions, in one transaction.
    pub async fn create_session(
        &self,
        mentor_id: i64,
        new: &NewSession,
        actor: &Actor,
    ) -> Result<i64, AppError> {
        let id = with_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO supervision_sessions (mentor_id, held_on, minutes, form, channel,
                     functions, topics, notes_md, item_codes, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(mentor_id)
            .bind(new.held_on)
            .bind(new.minutes)
            .bind(&new.form)
            .bind(&new.channel)
            .bind(new.functions.join(","))
            .bind(&new.topics)
            .bind(&new.notes_md)
            .bind(new.item_codes.join(","))
            .bind(Utc::now())
            .fetch_one(&mut *tx)
            .await?;
            for trainee in &new.trainees {
                sqlx::query("INSERT INTO supervision_attendees (session_id, trainee_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(trainee)
                    .execute(&mut *tx)
                    .await?;
            }
            for action in &new.actions {
                sqlx::query(
                    "INSERT INTO supervision_actions (session_id, owner_id, description, due_on)
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(action.owner_id)
                .bind(&action.description)
                .bind(action.due_on)
                .execute(&mut *tx)
                .await?;
            }
            audit!(&mut *tx, &NewAudit {
                action: "supervision_recorded",
                target: Some(format!("session:{id}")),
                ..NewAudit::from(actor)
            });
            id
        });
        Ok(id)
    }

    /// Sessions the person ran or attended, newest first.
    pub async fn sessions_for(&self, user_id: i64) -> Result<Vec<SessionSummary>, AppError> {
        const SQL: &str = "
            SELECT ss.id, ss.held_on, u.display_name AS mentor, ss.topics,
                   (SELECT COUNT(*) FROM supervision_attendees a
                    WHERE a.session_id = ss.id AND a.confirmed_at IS NULL) AS unconfirmed
            FROM supervision_sessions ss JOIN users u ON u.id = ss.mentor_id
            WHERE ss.mentor_id = $1
               OR ss.id IN (SELECT session_id FROM supervision_attendees WHERE trainee_id = $1)
            ORDER BY ss.held_on DESC, ss.id DESC";
        Ok(with_pool!(self, pool => sqlx::query_as(SQL).bind(user_id).fetch_all(pool).await?))
    }

    /// Open actions the person owns or agreed in sessions they ran, soonest first.
    pub async fn open_actions_for(&self, user_id: i64) -> Result<Vec<ActionView>, AppError> {
        let sql = format!(
            "{ACTION_COLUMNS} JOIN supervision_sessions ss ON ss.id = a.session_id
             WHERE a.done_at IS NULL AND (a.owner_id = $1 OR ss.mentor_id = $1)
             ORDER BY a.due_on, a.id"
        );
        let rows: Vec<ActionRow> =
            with_pool!(self, pool => sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await?);
        Ok(rows.into_iter().map(ActionRow::into_view).collect())
    }

    /// One session with attendees, actions and corrections (four queries, whatever its size).
    pub async fn session(&self, id: i64) -> Result<Option<SessionDetail>, AppError> {
        #[derive(FromRow)]
        struct Head {
            id: i64,
            mentor_id: i64,
            mentor: String,
            held_on: NaiveDate,
            minutes: i64,
            form: String,
            channel: String,
            functions: String,
            topics: String,
            notes_md: String,
            item_codes: String,
        }
        let head: Option<Head> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT ss.id, ss.mentor_id, u.display_name AS mentor, ss.held_on, ss.minutes, ss.form,
                        ss.channel, ss.functions, ss.topics, ss.notes_md, ss.item_codes
                 FROM supervision_sessions ss JOIN users u ON u.id = ss.mentor_id WHERE ss.id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        let Some(h) = head else {
            return Ok(None);
        };
        let attendees: Vec<(i64, String, Option<DateTime<Utc>>, String)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT a.trainee_id, u.display_name, a.confirmed_at, a.remarks
                 FROM supervision_attendees a JOIN users u ON u.id = a.trainee_id
                 WHERE a.session_id = $1 ORDER BY u.display_name",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
        });
        let sql = format!("{ACTION_COLUMNS} WHERE a.session_id = $1 ORDER BY a.due_on, a.id");
        let actions: Vec<ActionRow> =
            with_pool!(self, pool => sqlx::query_as(&sql).bind(id).fetch_all(pool).await?);
        let corrections: Vec<(String, String, DateTime<Utc>)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT u.display_name, c.body, c.created_at FROM supervision_corrections c
                 JOIN users u ON u.id = c.author_id WHERE c.session_id = $1 ORDER BY c.id",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
        });
        Ok(Some(SessionDetail {
            id: h.id,
            mentor_id: h.mentor_id,
            mentor: h.mentor,
            held_on: h.held_on,
            minutes: h.minutes,
            form: h.form,
            channel: h.channel,
            functions: h.functions,
            topics: h.topics,
            notes_html: markdown::render(&h.notes_md),
            item_codes: h
                .item_codes
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
            attendees,
            actions: actions.into_iter().map(ActionRow::into_view).collect(),
            corrections,
        }))
    }

    /// A trainee confirms a session (once); their remarks are kept with the confirmation.
    pub async fn confirm_session(
        &self,
        session_id: i64,
        trainee_id: i64,
        remarks: &str,
        actor: &Actor,
    ) -> Result<(), AppError> {
        with_tx!(self, tx => {
            let changed = sqlx::query(
                "UPDATE supervision_attendees SET confirmed_at = $1, remarks = $2
                 WHERE session_id = $3 AND trainee_id = $4 AND confirmed_at IS NULL",
            )
            .bind(Utc::now())
            .bind(remarks)
            .bind(session_id)
            .bind(trainee_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(AppError::Conflict("already_confirmed".into()));
            }
            audit!(&mut *tx, &NewAudit {
                action: "supervision_confirmed",
                target: Some(format!("session:{session_id}")),
                ..NewAudit::from(actor)
            });
        });
        Ok(())
    }

    /// Appends a correction to a session; the original stays as it was.
    pub async fn add_session_correction(
        &self,
        session_id: i64,
        author_id: i64,
        body: &str,
    ) -> Result<(), AppError> {
        with_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO supervision_corrections (session_id, author_id, body, created_at)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(session_id)
            .bind(author_id)
            .bind(body)
            .bind(Utc::now())
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// The session an action belongs to, its mentor and owner.
    pub async fn action_people(&self, action_id: i64) -> Result<Option<(i64, i64, i64)>, AppError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT a.session_id, ss.mentor_id, a.owner_id FROM supervision_actions a
                 JOIN supervision_sessions ss ON ss.id = a.session_id WHERE a.id = $1",
            )
            .bind(action_id)
            .fetch_optional(pool)
            .await?
        }))
    }

    /// Marks an action done (once).
    pub async fn complete_action(&self, action_id: i64, by: i64) -> Result<(), AppError> {
        let changed = with_pool!(self, pool => {
            sqlx::query("UPDATE supervision_actions SET done_at = $1, done_by = $2 WHERE id = $3 AND done_at IS NULL")
                .bind(Utc::now())
                .bind(by)
                .bind(action_id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if changed == 0 {
            Err(AppError::Conflict("already_done".into()))
        } else {
            Ok(())
        }
    }

    /// Adds a reflection to a trainee's journal.
    pub async fn create_reflection(
        &self,
        trainee_id: i64,
        title: &str,
        body_md: &str,
    ) -> Result<i64, AppError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar(
                "INSERT INTO reflections (trainee_id, title, body_md, created_at) VALUES ($1, $2, $3, $4)
                 RETURNING id",
            )
            .bind(trainee_id)
            .bind(title)
            .bind(body_md)
            .bind(Utc::now())
            .fetch_one(pool)
            .await?
        }))
    }

    /// Reflections of the given trainees (the caller decides whose it may see), newest first,
    /// with their comments: two queries.
    pub async fn reflections(
        &self,
        viewer_id: i64,
        own: bool,
    ) -> Result<Vec<ReflectionView>, AppError> {
        // Own journal, or the journals of the viewer's active mentees: never another mentor's.
        let scope = if own {
            "r.trainee_id = $1"
        } else {
            "r.trainee_id IN (SELECT trainee_id FROM pairings WHERE mentor_id = $1 AND status = 'active')"
        };
        let sql = format!(
            "SELECT r.id, r.trainee_id, u.display_name AS trainee, r.title, r.body_md, r.created_at
             FROM reflections r JOIN users u ON u.id = r.trainee_id WHERE {scope}
             ORDER BY r.created_at DESC, r.id DESC"
        );
        let rows: Vec<ReflectionRow> =
            with_pool!(self, pool => sqlx::query_as(&sql).bind(viewer_id).fetch_all(pool).await?);
        let comments_sql = format!(
            "SELECT c.reflection_id, u.display_name, c.body, c.created_at FROM reflection_comments c
             JOIN users u ON u.id = c.author_id JOIN reflections r ON r.id = c.reflection_id
             WHERE {scope} ORDER BY c.id"
        );
        let comments: Vec<(i64, String, String, DateTime<Utc>)> = with_pool!(self, pool => sqlx::query_as(&comments_sql).bind(viewer_id).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|r| ReflectionView {
                id: r.id,
                trainee_id: r.trainee_id,
                trainee: r.trainee,
                title: r.title,
                body_html: markdown::render(&r.body_md),
                created_at: r.created_at,
                comments: comments
                    .iter()
                    .filter(|c| c.0 == r.id)
                    .map(|c| (c.1.clone(), c.2.clone(), c.3))
                    .collect(),
            })
            .collect())
    }

    /// Whose reflection this is.
    pub async fn reflection_owner(&self, id: i64) -> Result<Option<i64>, AppError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar("SELECT trainee_id FROM reflections WHERE id = $1").bind(id).fetch_optional(pool).await?
        }))
    }

    /// Adds a comment to a reflection.
    pub async fn add_reflection_comment(
        &self,
        reflection_id: i64,
        author_id: i64,
        body: &str,
    ) -> Result<(), AppError> {
        with_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO reflection_comments (reflection_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(reflection_id)
            .bind(author_id)
            .bind(body)
            .bind(Utc::now())
            .execute(pool)
            .await?;
        });
        Ok(())
    }
}
