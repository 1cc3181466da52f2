//! Continuing education: qualifications (append-only, the newest counts) and training records
//! (a worker submits, an admin of their station confirms; confirmed rows never change, a
//! correction is a new row), and the minutes a period counts.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

use super::Db;
use super::audit::{Actor, NewAudit};
use crate::error::AppError;
use crate::model::education::{
    CheckedTraining, CountedTraining, Period, Qualification, QualificationView, TrainingForm,
    TrainingStatus, TrainingView, credited_minutes,
};
use crate::model::permission::{Scope, StationRef};

/// A staff member at a station (training attendance and the list of who is behind).
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct StaffMember {
    /// Account.
    pub user_id: i64,
    /// Name.
    pub name: String,
    /// Station.
    pub station_id: i64,
    /// Station name.
    pub station: String,
}

/// A training record about to be written for `user_id`, at their station.
#[derive(Debug, Clone)]
pub struct NewTraining {
    /// Whose.
    pub user_id: i64,
    /// Their station (whose admins confirm it).
    pub station_id: i64,
    /// What.
    pub training: CheckedTraining,
    /// The record this corrects.
    pub amends_id: Option<i64>,
    /// Confirmed as it is written: a station admin recording the attendance of a training
    /// the station ran (never for their own record).
    pub confirmed: bool,
}

#[derive(FromRow)]
struct TrainingRow {
    id: i64,
    user_id: i64,
    worker: String,
    station: String,
    started_on: NaiveDate,
    ended_on: NaiveDate,
    provider: String,
    topic: String,
    form: String,
    minutes: i64,
    evidence: String,
    summary_md: String,
    status: String,
    amends_id: Option<i64>,
    superseded: bool,
    rejected_reason: Option<String>,
}

impl TrainingRow {
    fn into_view(self) -> TrainingView {
        let form = TrainingForm::parse(&self.form).unwrap_or(TrainingForm::InPerson);
        TrainingView {
            id: self.id,
            user_id: self.user_id,
            worker: self.worker,
            station: self.station,
            started_on: self.started_on,
            ended_on: self.ended_on,
            provider: self.provider,
            topic: self.topic,
            form,
            minutes: self.minutes,
            credited: credited_minutes(form, self.minutes),
            evidence: self.evidence,
            summary_html: crate::server::markdown::render(&self.summary_md),
            status: TrainingStatus::parse(&self.status).unwrap_or(TrainingStatus::Submitted),
            amends_id: self.amends_id,
            superseded: self.superseded,
            rejected_reason: self.rejected_reason,
        }
    }
}

const TRAINING_SELECT: &str = "
    SELECT t.id, t.user_id, u.display_name AS worker, s.name AS station, t.started_on,
           t.ended_on, t.provider, t.topic, t.form, t.minutes, t.evidence, t.summary_md, t.status,
           t.amends_id,
           EXISTS (SELECT 1 FROM trainings c WHERE c.amends_id = t.id AND c.status = 'confirmed')
               AS superseded,
           t.rejected_reason
    FROM trainings t JOIN users u ON u.id = t.user_id JOIN stations s ON s.id = t.station_id";

/// Confirmed trainings that still count (no confirmed correction replaced them).
const COUNTS: &str = "t.status = 'confirmed' AND NOT EXISTS (
    SELECT 1 FROM trainings c WHERE c.amends_id = t.id AND c.status = 'confirmed')";

impl Db {
    /// Records a qualification for `user_id` (a new row; the newest counts), audited.
    pub async fn record_qualification(
        &self,
        user_id: i64,
        q: &QualificationView,
        actor: &Actor,
    ) -> Result<(), AppError> {
        let Some(me) = actor.user_id else {
            return Err(AppError::Forbidden);
        };
        with_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO qualifications (user_id, level, certificate_no, first_registered,
                                             recorded_by, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(user_id)
            .bind(q.level.as_str())
            .bind(q.certificate_no.as_deref())
            .bind(q.first_registered)
            .bind(me)
            .bind(Utc::now())
            .execute(&mut *tx)
            .await?;
            audit!(&mut *tx, &NewAudit {
                action: "qualification_recorded",
                target: Some(format!("account:{user_id}")),
                detail: Some(q.level.as_str().to_owned()),
                ..NewAudit::from(actor)
            });
        });
        Ok(())
    }

    /// The newest qualification recorded for `user_id` (number in full: callers mask it).
    pub async fn qualification(&self, user_id: i64) -> Result<Option<QualificationView>, AppError> {
        let row: Option<(String, Option<String>, Option<NaiveDate>)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT level, certificate_no, first_registered FROM qualifications
                 WHERE user_id = $1 ORDER BY id DESC LIMIT 1",
            )
            .bind(user_id)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(
            |(level, certificate_no, first_registered)| QualificationView {
                level: Qualification::parse(&level).unwrap_or(Qualification::None),
                certificate_no,
                first_registered,
            },
        ))
    }

    /// Writes training records (one per attendee when a station records a course once), in
    /// one transaction, submitted or confirmed as each says; audited. A record confirmed by
    /// the person it belongs to is refused: nobody confirms their own.
    pub async fn record_trainings(
        &self,
        new: &[NewTraining],
        actor: &Actor,
    ) -> Result<Vec<i64>, AppError> {
        let Some(me) = actor.user_id else {
            return Err(AppError::Forbidden);
        };
        if new.iter().any(|n| n.confirmed && n.user_id == me) {
            return Err(AppError::Forbidden);
        }
        let ids = with_tx!(self, tx => {
            let now = Utc::now();
            let mut ids = Vec::with_capacity(new.len());
            for n in new {
                let t = &n.training;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO trainings (user_id, station_id, started_on, ended_on, provider,
                         topic, form, minutes, evidence, summary_md, status, amends_id,
                         recorded_by, recorded_at, confirmed_by, confirmed_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
                     RETURNING id",
                )
                .bind(n.user_id)
                .bind(n.station_id)
                .bind(t.started_on)
                .bind(t.ended_on)
                .bind(&t.provider)
                .bind(&t.topic)
                .bind(t.form.as_str())
                .bind(t.minutes)
                .bind(&t.evidence)
                .bind(&t.summary)
                .bind(if n.confirmed { "confirmed" } else { "submitted" })
                .bind(n.amends_id)
                .bind(me)
                .bind(now)
                .bind(n.confirmed.then_some(me))
                .bind(n.confirmed.then_some(now))
                .fetch_one(&mut *tx)
                .await?;
                ids.push(id);
            }
            audit!(&mut *tx, &NewAudit {
                station_id: new.first().map(|n| n.station_id),
                action: "training_recorded",
                target: ids.first().map(|id| format!("training:{id}")),
                detail: Some(format!("{} record(s)", ids.len())),
                ..NewAudit::from(actor)
            });
            ids
        });
        Ok(ids)
    }

    /// A worker's training records, newest first.
    pub async fn trainings_of(&self, user_id: i64) -> Result<Vec<TrainingView>, AppError> {
        let sql =
            format!("{TRAINING_SELECT} WHERE t.user_id = $1 ORDER BY t.ended_on DESC, t.id DESC");
        let rows: Vec<TrainingRow> = with_pool!(self, pool => {
            sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(TrainingRow::into_view).collect())
    }

    /// Trainings waiting for confirmation at stations in `scope`, oldest first.
    pub async fn trainings_waiting(&self, scope: &Scope) -> Result<Vec<TrainingView>, AppError> {
        let mut f = super::query::Filter::default();
        f.within("t.station_id", scope);
        f.conds.push("t.status = 'submitted'".to_owned());
        let sql = format!(
            "{TRAINING_SELECT} {} ORDER BY t.id LIMIT 500",
            f.where_sql()
        );
        let rows: Vec<TrainingRow> = with_pool!(self, pool => {
            super::query::bind_all!(sqlx::query_as(&sql), &f.args).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(TrainingRow::into_view).collect())
    }

    /// A training's station (for the permission check) and its worker.
    pub async fn training_owner(&self, id: i64) -> Result<Option<(StationRef, i64)>, AppError> {
        let row: Option<(i64, String, i64)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT s.id, s.path, t.user_id FROM trainings t
                 JOIN stations s ON s.id = t.station_id WHERE t.id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(|(id, path, user)| (StationRef { id, path }, user)))
    }

    /// Confirms (`reject = None`) or returns a submitted training; audited. A training that is
    /// not waiting any more is a conflict.
    pub async fn decide_training(
        &self,
        id: i64,
        reject: Option<&str>,
        actor: &Actor,
    ) -> Result<(), AppError> {
        let Some(me) = actor.user_id else {
            return Err(AppError::Forbidden);
        };
        let now: DateTime<Utc> = Utc::now();
        with_tx!(self, tx => {
            let station: Option<i64> = match reject {
                None => sqlx::query_scalar(
                    "UPDATE trainings SET status = 'confirmed', confirmed_by = $1, confirmed_at = $2
                     WHERE id = $3 AND status = 'submitted' RETURNING station_id",
                )
                .bind(me)
                .bind(now)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?,
                Some(reason) => sqlx::query_scalar(
                    "UPDATE trainings SET status = 'rejected', rejected_reason = $1
                     WHERE id = $2 AND status = 'submitted' RETURNING station_id",
                )
                .bind(reason)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?,
            };
            let Some(station) = station else {
                return Err(AppError::Conflict("not_submitted".into()));
            };
            audit!(&mut *tx, &NewAudit {
                station_id: Some(station),
                action: if reject.is_some() { "training_rejected" } else { "training_confirmed" },
                target: Some(format!("training:{id}")),
                detail: reject.map(str::to_owned),
                ..NewAudit::from(actor)
            });
        });
        Ok(())
    }

    /// Staff (trainees, mentors, coordinators; not admins) holding a role at stations in
    /// `scope`, one row each at their first such station, by station then name (at most 2,000).
    pub async fn station_staff(&self, scope: &Scope) -> Result<Vec<StaffMember>, AppError> {
        let mut f = super::query::Filter::default();
        f.within("r.station_id", scope);
        f.conds.push("r.revoked_at IS NULL".to_owned());
        f.conds
            .push("r.role IN ('trainee', 'mentor', 'coordinator')".to_owned());
        f.conds.push("u.active".to_owned());
        let sql = format!(
            "SELECT u.id AS user_id, u.display_name AS name, s.id AS station_id, s.name AS station
             FROM role_assignments r JOIN users u ON u.id = r.user_id
             JOIN stations s ON s.id = r.station_id
             {} ORDER BY s.path, u.display_name, u.id, r.id LIMIT 5000",
            f.where_sql()
        );
        let rows: Vec<StaffMember> = with_pool!(self, pool => {
            super::query::bind_all!(sqlx::query_as(&sql), &f.args).fetch_all(pool).await?
        });
        let mut seen = std::collections::HashSet::new();
        let mut out: Vec<StaffMember> = rows
            .into_iter()
            .filter(|m| seen.insert(m.user_id))
            .collect();
        out.truncate(2_000);
        Ok(out)
    }

    /// Staff in `scope` who recorded a qualification with a first registration, with it, and
    /// the confirmed trainings of theirs that still count and ended on or after `since`.
    pub async fn education_standing(
        &self,
        scope: &Scope,
        since: NaiveDate,
    ) -> Result<Vec<(StaffMember, QualificationView, Vec<CountedTraining>)>, AppError> {
        let staff = self.station_staff(scope).await?;
        if staff.is_empty() {
            return Ok(Vec::new());
        }
        let mut f = super::query::Filter::default();
        f.within("r.station_id", scope);
        let people = format!(
            "SELECT r.user_id FROM role_assignments r {} AND r.revoked_at IS NULL
               AND r.role IN ('trainee', 'mentor', 'coordinator')",
            if f.conds.is_empty() {
                "WHERE 1 = 1".to_owned()
            } else {
                f.where_sql()
            }
        );
        let newest = format!(
            "SELECT q.user_id, q.level, q.certificate_no, q.first_registered FROM qualifications q
             WHERE q.user_id IN ({people}) AND q.first_registered IS NOT NULL
               AND q.id = (SELECT MAX(id) FROM qualifications l WHERE l.user_id = q.user_id)"
        );
        let since_at = f.next();
        let counted = format!(
            "SELECT t.user_id, t.form, t.minutes, t.ended_on FROM trainings t
             WHERE t.user_id IN ({people}) AND t.ended_on >= ${since_at} AND {COUNTS}"
        );
        type QualRow = (i64, String, Option<String>, Option<NaiveDate>);
        type CountedRow = (i64, String, i64, NaiveDate);
        let (quals, trainings): (Vec<QualRow>, Vec<CountedRow>) = with_pool!(self, pool => (
            super::query::bind_all!(sqlx::query_as(&newest), &f.args).fetch_all(pool).await?,
            super::query::bind_all!(sqlx::query_as(&counted), &f.args)
                .bind(since)
                .fetch_all(pool)
                .await?,
        ));
        let mut by_user: std::collections::HashMap<i64, Vec<CountedTraining>> =
            std::collections::HashMap::new();
        for (user, form, minutes, ended_on) in trainings {
            if let Some(form) = TrainingForm::parse(&form) {
                by_user.entry(user).or_default().push(CountedTraining {
                    form,
                    minutes,
                    ended_on,
                });
            }
        }
        let mut quals: std::collections::HashMap<i64, QualificationView> = quals
            .into_iter()
            .filter_map(|(user, level, certificate_no, first_registered)| {
                Some((
                    user,
                    QualificationView {
                        level: Qualification::parse(&level)?,
                        certificate_no,
                        first_registered,
                    },
                ))
            })
            .filter(|(_, q)| q.level != Qualification::None)
            .collect();
        Ok(staff
            .into_iter()
            .filter_map(|m| {
                let q = quals.remove(&m.user_id)?;
                let trainings = by_user.remove(&m.user_id).unwrap_or_default();
                Some((m, q, trainings))
            })
            .collect())
    }

    /// Minutes of confirmed continuing education `user_id` completed in `period` (a degree
    /// counts 90 hours), and minutes of supervision they took part in (as mentor or trainee),
    /// which the law keeps apart but the period view shows beside it.
    pub async fn period_minutes(
        &self,
        user_id: i64,
        period: Period,
    ) -> Result<(i64, i64), AppError> {
        let sql = format!(
            "SELECT t.form, t.minutes FROM trainings t
             WHERE t.user_id = $1 AND t.ended_on >= $2 AND t.ended_on < $3 AND {COUNTS}"
        );
        let (rows, supervision): (Vec<(String, i64)>, i64) = with_pool!(self, pool => (
            sqlx::query_as(&sql)
                .bind(user_id)
                .bind(period.start)
                .bind(period.end)
                .fetch_all(pool)
                .await?,
            sqlx::query_scalar(
                "SELECT CAST(COALESCE(SUM(s.minutes), 0) AS BIGINT) FROM supervision_sessions s
                 WHERE s.held_on >= $2 AND s.held_on < $3
                   AND (s.mentor_id = $1 OR EXISTS (SELECT 1 FROM supervision_attendees a
                        WHERE a.session_id = s.id AND a.trainee_id = $1))",
            )
            .bind(user_id)
            .bind(period.start)
            .bind(period.end)
            .fetch_one(pool)
            .await?,
        ));
        let credited = rows
            .into_iter()
            .map(|(form, minutes)| {
                credited_minutes(
                    TrainingForm::parse(&form).unwrap_or(TrainingForm::InPerson),
                    minutes,
                )
            })
            .sum();
        Ok((credited, supervision))
    }
}
