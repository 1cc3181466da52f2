//! What a growth portfolio (成长档案) reads: the worker's roles, pairings, supervision sessions
//! (never their notes), counted trainings and the activities they organised, one query each;
//! and the audit entry that issuing one writes.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

use super::Db;
use super::audit::{Actor, NewAudit};
use crate::error::AppError;
use crate::model::account::Role;
use crate::model::education::{CountedTraining, TrainingForm};
use crate::model::permission::StationRef;
use crate::model::portfolio::{ActivityLine, PairingSpan, RoleSpan, SessionLine};
use crate::model::time::china_time;

/// Everything the portfolio reads from the database besides competencies and qualification.
#[derive(Debug, Clone, Default)]
pub struct PortfolioFacts {
    /// Roles held, oldest first.
    pub roles: Vec<RoleSpan>,
    /// Pairings as mentor or trainee, oldest first.
    pub pairings: Vec<PairingSpan>,
    /// Supervision sessions run or attended, oldest first.
    pub sessions: Vec<SessionLine>,
    /// Confirmed trainings that still count.
    pub trainings: Vec<CountedTraining>,
    /// Activities organised, oldest first (at most 500, the newest).
    pub activities: Vec<ActivityLine>,
    /// The framework version the worker is (or was last) enrolled on, if ever.
    pub enrolled_version: Option<i64>,
}

#[derive(FromRow)]
struct RoleRow {
    role: String,
    station: String,
    granted_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
}

#[derive(FromRow)]
struct PairingRow {
    as_mentor: bool,
    other: String,
    station: String,
    is_primary: bool,
    starts_on: NaiveDate,
    ended_at: Option<DateTime<Utc>>,
    status: String,
}

#[derive(FromRow)]
struct SessionRow {
    held_on: NaiveDate,
    form: String,
    channel: String,
    minutes: i64,
    mentor: String,
    as_mentor: bool,
}

#[derive(FromRow)]
struct ActivityRow {
    held_on: NaiveDate,
    name: String,
    project: String,
    station: String,
    volunteers: i64,
}

/// What the portfolio's six queries return.
type Rows = (
    Vec<RoleRow>,
    Vec<PairingRow>,
    Vec<SessionRow>,
    Vec<(String, i64, NaiveDate)>,
    Vec<ActivityRow>,
    Option<i64>,
);

fn china_day(at: DateTime<Utc>) -> NaiveDate {
    china_time(at).date()
}

impl Db {
    /// The worker's name and every station they hold or held a role at (whose admins may issue
    /// their portfolio); `None` for an unknown account.
    pub async fn portfolio_subject(
        &self,
        user_id: i64,
    ) -> Result<Option<(String, Vec<StationRef>)>, AppError> {
        let name: Option<String> = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(pool)
                .await?
        });
        let Some(name) = name else {
            return Ok(None);
        };
        let stations: Vec<(i64, String)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT DISTINCT s.id, s.path FROM role_assignments r
                 JOIN stations s ON s.id = r.station_id WHERE r.user_id = $1",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await?
        });
        Ok(Some((
            name,
            stations
                .into_iter()
                .map(|(id, path)| StationRef { id, path })
                .collect(),
        )))
    }

    /// Roles, pairings, sessions, counted trainings and organised activities of `user_id`.
    pub async fn portfolio_facts(&self, user_id: i64) -> Result<PortfolioFacts, AppError> {
        const ROLES: &str = "
            SELECT r.role, s.name AS station, r.granted_at, r.revoked_at
            FROM role_assignments r JOIN stations s ON s.id = r.station_id
            WHERE r.user_id = $1 ORDER BY r.granted_at, r.id";
        const PAIRINGS: &str = "
            SELECT p.mentor_id = $1 AS as_mentor,
                   CASE WHEN p.mentor_id = $1 THEN t.display_name ELSE m.display_name END AS other,
                   s.name AS station, p.is_primary, p.starts_on, p.ended_at, p.status
            FROM pairings p
            JOIN users t ON t.id = p.trainee_id
            JOIN users m ON m.id = p.mentor_id
            JOIN stations s ON s.id = p.station_id
            WHERE p.trainee_id = $1 OR p.mentor_id = $1
            ORDER BY p.starts_on, p.id";
        const SESSIONS: &str = "
            SELECT ss.held_on, ss.form, ss.channel, ss.minutes, u.display_name AS mentor,
                   ss.mentor_id = $1 AS as_mentor
            FROM supervision_sessions ss JOIN users u ON u.id = ss.mentor_id
            WHERE ss.mentor_id = $1
               OR ss.id IN (SELECT session_id FROM supervision_attendees WHERE trainee_id = $1)
            ORDER BY ss.held_on, ss.id";
        const TRAININGS: &str = "
            SELECT t.form, t.minutes, t.ended_on FROM trainings t
            WHERE t.user_id = $1 AND t.status = 'confirmed' AND NOT EXISTS (
                SELECT 1 FROM trainings c WHERE c.amends_id = t.id AND c.status = 'confirmed')";
        // The newest 500, shown oldest first: a portfolio is a summary, not the activity log.
        const ACTIVITIES: &str = "
            SELECT a.held_on, a.name, p.name AS project, s.name AS station,
                   COALESCE(c.volunteers, 0) AS volunteers
            FROM (SELECT id, held_on, name, project_id, station_id FROM activities
                  WHERE created_by = $1 ORDER BY held_on DESC, id DESC LIMIT 500) a
            JOIN projects p ON p.id = a.project_id
            JOIN stations s ON s.id = a.station_id
            LEFT JOIN (SELECT h.activity_id, COUNT(DISTINCT h.volunteer_id) AS volunteers
                       FROM hour_records h
                       WHERE h.status = 'confirmed'
                         AND h.activity_id IN (SELECT id FROM activities WHERE created_by = $1)
                       GROUP BY h.activity_id) c ON c.activity_id = a.id
            ORDER BY a.held_on, a.name";
        const ENROLMENT: &str = "
            SELECT version_id FROM enrolments WHERE trainee_id = $1
            ORDER BY ended_at IS NULL DESC, id DESC LIMIT 1";
        let (roles, pairings, sessions, trainings, activities, enrolled_version): Rows = with_pool!(self, pool => (
            sqlx::query_as(ROLES).bind(user_id).fetch_all(pool).await?,
            sqlx::query_as(PAIRINGS).bind(user_id).fetch_all(pool).await?,
            sqlx::query_as(SESSIONS).bind(user_id).fetch_all(pool).await?,
            sqlx::query_as(TRAININGS).bind(user_id).fetch_all(pool).await?,
            sqlx::query_as(ACTIVITIES).bind(user_id).fetch_all(pool).await?,
            sqlx::query_scalar(ENROLMENT).bind(user_id).fetch_optional(pool).await?,
        ));
        Ok(PortfolioFacts {
            roles: roles
                .into_iter()
                .filter_map(|r| {
                    Some(RoleSpan {
                        role: Role::parse(&r.role)?,
                        station: r.station,
                        from: china_day(r.granted_at),
                        until: r.revoked_at.map(china_day),
                    })
                })
                .collect(),
            pairings: pairings
                .into_iter()
                .map(|p| PairingSpan {
                    as_mentor: p.as_mentor,
                    other: p.other,
                    station: p.station,
                    is_primary: p.is_primary,
                    starts_on: p.starts_on,
                    ended_on: p.ended_at.map(china_day),
                    status: p.status,
                })
                .collect(),
            sessions: sessions
                .into_iter()
                .map(|s| SessionLine {
                    held_on: s.held_on,
                    form: s.form,
                    channel: s.channel,
                    minutes: s.minutes,
                    mentor: s.mentor,
                    as_mentor: s.as_mentor,
                })
                .collect(),
            trainings: trainings
                .into_iter()
                .filter_map(|(form, minutes, ended_on)| {
                    Some(CountedTraining {
                        form: TrainingForm::parse(&form)?,
                        minutes,
                        ended_on,
                    })
                })
                .collect(),
            activities: activities
                .into_iter()
                .map(|a| ActivityLine {
                    held_on: a.held_on,
                    name: a.name,
                    project: a.project,
                    station: a.station,
                    volunteers: a.volunteers,
                })
                .collect(),
            enrolled_version,
        })
    }

    /// Audits that `user_id`'s portfolio was issued (`how`: `page` or `pdf`).
    pub async fn record_portfolio_issued(
        &self,
        user_id: i64,
        station_id: Option<i64>,
        how: &str,
        actor: &Actor,
    ) -> Result<(), AppError> {
        with_pool!(self, pool => {
            audit!(pool, &NewAudit {
                station_id,
                action: "portfolio_issued",
                target: Some(format!("account:{user_id}")),
                detail: Some(how.to_owned()),
                ..NewAudit::from(actor)
            });
        });
        Ok(())
    }
}
