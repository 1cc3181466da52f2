//! QR check-in (信用时长) and volunteer activation codes. Scans are append-only events; the
//! hour record is written, as `submitted` with source `scan`, in the transaction that writes
//! the check-out, through the same checks as every other record (active, minors' consent,
//! overlap). A check-out nobody scanned is closed by the server at the activity's end.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::FromRow;

use super::Db;
use super::audit::{Actor, NewAudit};
use super::hours::{Claim, NewHourRecord};
use super::query::BatchError;
use crate::error::AppError;
use crate::model::time::china_time;
use crate::model::volunteer::{
    ActivityClock, ActivityView, CheckinView, HourKind, RecordSource, ScanState, ScanWindow,
    VolunteerStatus, age_on,
};

/// How long an activation code works.
pub const ACTIVATION_DAYS: i64 = 7;
/// Days back the server looks for check-ins still open (a server that was down longer leaves
/// them for a coordinator to enter by hand).
const CLOSE_LOOKBACK_DAYS: i64 = 7;

/// The event that ends a check-in: a scan out, or the server closing a missing one.
#[derive(Debug, Clone)]
pub struct ScanOut {
    /// Activity.
    pub activity_id: i64,
    /// Volunteer.
    pub volunteer_id: i64,
    /// `out` or `auto_out`.
    pub kind: &'static str,
    /// When.
    pub at: DateTime<Utc>,
    /// Minutes after the activity day's midnight.
    pub minute: i64,
    /// Who scanned (the volunteer's account), `None` for the server.
    pub user_id: Option<i64>,
    /// Why no record came of it.
    pub note: Option<String>,
}

/// Writes `$out` through `$conn` unless this check-in already ended: true when this is the
/// first end (the caller then writes the record in the same transaction).
macro_rules! claim_scan_out {
    ($conn:expr, $out:expr) => {{
        let out: &$crate::server::db::checkin::ScanOut = $out;
        sqlx::query(
            "INSERT INTO checkin_events (activity_id, volunteer_id, kind, at, minute_of_day,
                                         user_id, note)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        )
        .bind(out.activity_id)
        .bind(out.volunteer_id)
        .bind(out.kind)
        .bind(out.at)
        .bind(out.minute)
        .bind(out.user_id)
        .bind(out.note.as_deref())
        .execute($conn)
        .await?
        .rows_affected()
            == 1
    }};
}
pub(crate) use claim_scan_out;

/// What a check-out did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckOut {
    /// A record of these minutes waits for the organiser.
    Recorded(i64),
    /// Out before the activity started: nothing to record.
    NothingServed,
    /// Already out before (a second tap): nothing changed.
    AlreadyOut,
}

#[derive(FromRow)]
struct OpenCheckin {
    activity_id: i64,
    volunteer_id: i64,
    minute_of_day: i64,
    user_id: Option<i64>,
    held_on: NaiveDate,
    start_min: i64,
    end_min: i64,
    station_id: i64,
    #[sqlx(try_from = "String")]
    kind: HourKind,
}

/// A scanned record for `volunteer_id` at an activity, `start..end`.
#[expect(
    clippy::too_many_arguments,
    reason = "one record's fields, named at the call"
)]
fn scanned_record(
    activity_id: i64,
    station_id: i64,
    held_on: NaiveDate,
    kind: HourKind,
    volunteer_id: i64,
    (start_min, end_min): (i64, i64),
    cap_minutes: i64,
    checkout_missing: bool,
) -> NewHourRecord {
    NewHourRecord {
        volunteer_id,
        activity_id,
        station_id,
        served_on: held_on,
        start_min,
        // A scanned record never needs an over-the-cap reason: the rest is entered by a person.
        end_min: end_min.min(start_min + cap_minutes),
        kind,
        source: RecordSource::Scan,
        late: false,
        late_reason: None,
        over_cap_reason: None,
        amends_id: None,
        correction_reason: None,
        checkout_missing,
    }
}

impl Db {
    /// The activity's check-in secret, made the first time its screen is opened (audited).
    pub async fn checkin_secret(
        &self,
        activity_id: i64,
        actor: &Actor,
    ) -> Result<String, AppError> {
        let Some(user) = actor.user_id else {
            return Err(AppError::Forbidden);
        };
        // The screen reloads itself every few minutes: after the first time, a read is enough.
        if let Some(secret) = self.checkin_secret_of(activity_id).await? {
            return Ok(secret);
        }
        let secret = with_tx!(self, tx => {
            let made = sqlx::query(
                "INSERT INTO checkin_secrets (activity_id, secret, created_by, created_at)
                 VALUES ($1, $2, $3, $4) ON CONFLICT (activity_id) DO NOTHING",
            )
            .bind(activity_id)
            .bind(crate::server::checkin::new_secret())
            .bind(user)
            .bind(Utc::now())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let (secret, station): (String, i64) = sqlx::query_as(
                "SELECT c.secret, a.station_id FROM checkin_secrets c
                 JOIN activities a ON a.id = c.activity_id WHERE c.activity_id = $1",
            )
            .bind(activity_id)
            .fetch_one(&mut *tx)
            .await?;
            if made == 1 {
                audit!(&mut *tx, &NewAudit {
                    station_id: Some(station),
                    action: "checkin_opened",
                    target: Some(format!("activity:{activity_id}")),
                    ..NewAudit::from(actor)
                });
            }
            secret
        });
        Ok(secret)
    }

    /// The activity's check-in secret, if its screen was ever opened.
    pub async fn checkin_secret_of(&self, activity_id: i64) -> Result<Option<String>, AppError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar("SELECT secret FROM checkin_secrets WHERE activity_id = $1")
                .bind(activity_id)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Activities held on `day` that have a check-in screen, with their secrets (to find which
    /// one a typed code belongs to).
    pub async fn checkin_secrets_on(&self, day: NaiveDate) -> Result<Vec<(i64, String)>, AppError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT c.activity_id, c.secret FROM checkin_secrets c
                 JOIN activities a ON a.id = c.activity_id WHERE a.held_on = $1
                 ORDER BY c.activity_id",
            )
            .bind(day)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Where one volunteer stands at one activity.
    pub async fn scan_state(
        &self,
        activity_id: i64,
        volunteer_id: i64,
    ) -> Result<ScanState, AppError> {
        let rows: Vec<(String, i64)> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT kind, minute_of_day FROM checkin_events
                 WHERE activity_id = $1 AND volunteer_id = $2",
            )
            .bind(activity_id)
            .bind(volunteer_id)
            .fetch_all(pool)
            .await?
        });
        let mut state = ScanState::default();
        for (kind, minute) in rows {
            match kind.as_str() {
                "in" => state.in_min = Some(minute),
                other => {
                    state.out_min = Some(minute);
                    state.out_auto = other == "auto_out";
                }
            }
        }
        Ok(state)
    }

    /// Refuses a volunteer who may not be recorded at all on `day` (inactive, or a minor with
    /// no guardian consent): said at check-in, not hours later at check-out.
    async fn scan_allowed(&self, volunteer_id: i64, day: NaiveDate) -> Result<(), AppError> {
        let facts = self.volunteer_facts(&[volunteer_id]).await?;
        let Some(v) = facts.first() else {
            return Err(AppError::NotFound);
        };
        if v.status != VolunteerStatus::Active {
            return Err(AppError::invalid("checkin", "volunteer_inactive"));
        }
        if age_on(v.birth_date, day) < 18 && v.guardian_consent_on.is_none() {
            return Err(AppError::invalid("checkin", "guardian_consent_missing"));
        }
        Ok(())
    }

    /// Checks a volunteer in at `now` (server clock). True when this scan checked them in,
    /// false when they were in already (a double scan changes nothing).
    pub async fn check_in(
        &self,
        activity: &ActivityView,
        volunteer_id: i64,
        now: DateTime<Utc>,
        actor: &Actor,
    ) -> Result<bool, AppError> {
        let minute = activity.clock().check_in(china_time(now))?;
        self.scan_allowed(volunteer_id, activity.held_on).await?;
        let first = with_tx!(self, tx => {
            let first = sqlx::query(
                "INSERT INTO checkin_events (activity_id, volunteer_id, kind, at, minute_of_day,
                                             user_id)
                 VALUES ($1, $2, 'in', $3, $4, $5) ON CONFLICT DO NOTHING",
            )
            .bind(activity.id)
            .bind(volunteer_id)
            .bind(now)
            .bind(minute)
            .bind(actor.user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if first {
                audit!(&mut *tx, &NewAudit {
                    station_id: Some(activity.station_id),
                    action: "checked_in",
                    target: Some(format!("activity:{}", activity.id)),
                    detail: Some(format!("volunteer:{volunteer_id}")),
                    ..NewAudit::from(actor)
                });
            }
            first
        });
        Ok(first)
    }

    /// Checks a volunteer out at `now` and writes their scanned record (times inside the
    /// activity, at most `cap_minutes`), waiting for the organiser.
    pub async fn check_out(
        &self,
        activity: &ActivityView,
        volunteer_id: i64,
        now: DateTime<Utc>,
        cap_minutes: i64,
        actor: &Actor,
    ) -> Result<CheckOut, AppError> {
        let clock = activity.clock();
        let minute = clock.check_out(china_time(now))?;
        let state = self.scan_state(activity.id, volunteer_id).await?;
        let Some(in_min) = state.in_min else {
            return Err(AppError::invalid("checkin", "not_checked_in"));
        };
        if state.out_min.is_some() {
            return Ok(CheckOut::AlreadyOut);
        }
        let out = ScanOut {
            activity_id: activity.id,
            volunteer_id,
            kind: "out",
            at: now,
            minute,
            user_id: actor.user_id,
            note: None,
        };
        let span = clock.served_span(in_min, minute);
        if span.1 == span.0 {
            let first = with_tx!(self, tx => claim_scan_out!(&mut *tx, &out));
            return Ok(if first {
                CheckOut::NothingServed
            } else {
                CheckOut::AlreadyOut
            });
        }
        let record = scanned_record(
            activity.id,
            activity.station_id,
            activity.held_on,
            activity.kind,
            volunteer_id,
            span,
            cap_minutes,
            false,
        );
        let minutes = record.end_min - record.start_min;
        let ids = self
            .record_hours_inner(&[record], actor, Claim::ScanOut(&out))
            .await
            .map_err(|e| match e {
                BatchError::Row(_, e) | BatchError::Db(e) => e,
            })?;
        Ok(if ids.is_empty() {
            CheckOut::AlreadyOut
        } else {
            CheckOut::Recorded(minutes)
        })
    }

    /// Closes every check-in whose activity ended more than the grace time before `now`
    /// without a check-out: the record ends at the activity's end and is flagged. A record the
    /// rules refuse (an overlap found since) is not written; the closing event says why, for
    /// the coordinator. Safe to run on several servers at once. Returns how many closed.
    pub async fn close_missing_checkouts(
        &self,
        now: DateTime<Utc>,
        cap_minutes: i64,
    ) -> Result<usize, AppError> {
        let today = china_time(now).date();
        let open: Vec<OpenCheckin> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT e.activity_id, e.volunteer_id, e.minute_of_day, e.user_id, a.held_on,
                        a.start_min, a.end_min, a.station_id, a.kind
                 FROM checkin_events e JOIN activities a ON a.id = e.activity_id
                 WHERE e.kind = 'in' AND a.held_on <= $1 AND a.held_on >= $2
                   AND NOT EXISTS (SELECT 1 FROM checkin_events o
                                   WHERE o.activity_id = e.activity_id
                                     AND o.volunteer_id = e.volunteer_id AND o.kind <> 'in')
                 ORDER BY e.activity_id, e.volunteer_id",
            )
            .bind(today)
            .bind(today - Duration::days(CLOSE_LOOKBACK_DAYS))
            .fetch_all(pool)
            .await?
        });
        let mut closed = 0;
        for c in open {
            let clock = ActivityClock {
                held_on: c.held_on,
                start_min: c.start_min,
                end_min: c.end_min,
            };
            if clock.window(china_time(now)) != ScanWindow::Closed {
                continue;
            }
            // The record is the volunteer's own, as if they had scanned out at the end.
            let actor = Actor {
                user_id: c.user_id,
                ip: None,
            };
            let mut out = ScanOut {
                activity_id: c.activity_id,
                volunteer_id: c.volunteer_id,
                kind: "auto_out",
                at: now,
                minute: c.end_min,
                user_id: None,
                note: None,
            };
            let span = clock.served_span(c.minute_of_day, c.end_min);
            let result = if span.1 > span.0 && c.user_id.is_some() {
                let record = scanned_record(
                    c.activity_id,
                    c.station_id,
                    c.held_on,
                    c.kind,
                    c.volunteer_id,
                    span,
                    cap_minutes,
                    true,
                );
                self.record_hours_inner(&[record], &actor, Claim::ScanOut(&out))
                    .await
                    .map(|_| ())
            } else {
                Err(BatchError::Row(
                    0,
                    AppError::invalid("checkin", "nothing_served"),
                ))
            };
            match result {
                Ok(()) => closed += 1,
                Err(BatchError::Row(_, e)) => {
                    out.note = Some(e.code());
                    with_tx!(self, tx => claim_scan_out!(&mut *tx, &out));
                    closed += 1;
                }
                Err(BatchError::Db(e)) => return Err(e),
            }
        }
        Ok(closed)
    }

    /// Everyone who scanned in at an activity, in the order they came.
    pub async fn activity_checkins(&self, activity_id: i64) -> Result<Vec<CheckinView>, AppError> {
        #[derive(FromRow)]
        struct Row {
            volunteer_id: i64,
            volunteer: String,
            in_min: i64,
            out_kind: Option<String>,
            out_min: Option<i64>,
            note: Option<String>,
        }
        let rows: Vec<Row> = with_pool!(self, pool => {
            sqlx::query_as(
                "SELECT e.volunteer_id, v.name AS volunteer, e.minute_of_day AS in_min,
                        o.kind AS out_kind, o.minute_of_day AS out_min, o.note
                 FROM checkin_events e JOIN volunteers v ON v.id = e.volunteer_id
                 LEFT JOIN checkin_events o ON o.activity_id = e.activity_id
                      AND o.volunteer_id = e.volunteer_id AND o.kind <> 'in'
                 WHERE e.activity_id = $1 AND e.kind = 'in'
                 ORDER BY e.minute_of_day, e.id",
            )
            .bind(activity_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|r| CheckinView {
                volunteer_id: r.volunteer_id,
                volunteer: r.volunteer,
                in_min: r.in_min,
                out_min: r.out_min,
                out_auto: r.out_kind.as_deref() == Some("auto_out"),
                note: r.note,
            })
            .collect())
    }

    /// The scanned records of an activity still waiting for the organiser.
    pub async fn scanned_waiting(&self, activity_id: i64) -> Result<Vec<i64>, AppError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT id FROM hour_records
                 WHERE activity_id = $1 AND source = 'scan' AND status = 'submitted'
                 ORDER BY id",
            )
            .bind(activity_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Keeps a one-time activation code (its hash) for a volunteer without a sign-in; it works
    /// for [`ACTIVATION_DAYS`] (audited, the code itself never stored or logged).
    pub async fn issue_activation_code(
        &self,
        volunteer_id: i64,
        code_hash: &str,
        actor: &Actor,
    ) -> Result<DateTime<Utc>, AppError> {
        let Some(user) = actor.user_id else {
            return Err(AppError::Forbidden);
        };
        let now = Utc::now();
        let expires = now + Duration::days(ACTIVATION_DAYS);
        with_tx!(self, tx => {
            let row: Option<(Option<i64>, i64)> = sqlx::query_as(
                "SELECT account_id, station_id FROM volunteers WHERE id = $1",
            )
            .bind(volunteer_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((account, station)) = row else {
                return Err(AppError::NotFound);
            };
            if account.is_some() {
                return Err(AppError::Conflict("volunteer_has_account".into()));
            }
            sqlx::query(
                "INSERT INTO activation_codes (volunteer_id, code_hash, expires_at, created_by,
                                               created_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(volunteer_id)
            .bind(code_hash)
            .bind(expires)
            .bind(user)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            audit!(&mut *tx, &NewAudit {
                station_id: Some(station),
                action: "activation_code_issued",
                target: Some(format!("volunteer:{volunteer_id}")),
                ..NewAudit::from(actor)
            });
        });
        Ok(expires)
    }

    /// A volunteer activates their sign-in with their mobile number and a code they were
    /// given: the account is named by the mobile number, every outstanding code is used up.
    /// A wrong, used or expired code and an unknown number get the same answer.
    pub async fn activate_volunteer(
        &self,
        mobile: &str,
        code_hash: &str,
        password_hash: &str,
        actor: &Actor,
    ) -> Result<i64, AppError> {
        let now = Utc::now();
        let refused = || AppError::invalid("code", "activation_invalid");
        let id = with_tx!(self, tx => {
            let row: Option<(i64, String, Option<i64>, i64)> = sqlx::query_as(
                "SELECT id, name, account_id, station_id FROM volunteers WHERE mobile = $1",
            )
            .bind(mobile)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((volunteer_id, name, account, station)) = row else {
                return Err(refused());
            };
            let code: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM activation_codes
                 WHERE volunteer_id = $1 AND code_hash = $2 AND used_at IS NULL
                   AND expires_at > $3
                 ORDER BY id DESC LIMIT 1",
            )
            .bind(volunteer_id)
            .bind(code_hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            if code.is_none() {
                return Err(refused());
            }
            if account.is_some() {
                return Err(AppError::Conflict("volunteer_has_account".into()));
            }
            let id = super::volunteers::link_volunteer_account!(
                &mut *tx,
                volunteer_id,
                mobile,
                &name,
                password_hash,
                AppError::Conflict("username_taken".into())
            );
            sqlx::query(
                "UPDATE activation_codes SET used_at = $1 WHERE volunteer_id = $2 AND used_at IS NULL",
            )
            .bind(now)
            .bind(volunteer_id)
            .execute(&mut *tx)
            .await?;
            audit!(&mut *tx, &NewAudit {
                actor_id: Some(id),
                station_id: Some(station),
                action: "volunteer_account_activated",
                target: Some(format!("volunteer:{volunteer_id}")),
                ..NewAudit::from(actor)
            });
            id
        });
        Ok(id)
    }
}
