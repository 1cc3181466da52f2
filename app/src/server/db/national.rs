//! What the national volunteer information system's export reads: the confirmed records that
//! count, of a period, recorded by stations in a scope, with their volunteers' and activities'
//! data elements; and its audit entries.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

use super::Db;
use super::audit::{Actor, NewAudit};
use super::query::{Arg, EFFECTIVE, Filter, bind_all};
use crate::error::AppError;
use crate::model::national::{NationalPart, NationalPeriod};
use crate::model::permission::{Scope, StationRef};
use crate::model::volunteer::{HourKind, RecordSource};

/// One confirmed record that counts, with what the national standard asks of it.
#[derive(Debug, Clone, FromRow)]
pub struct NationalRecord {
    /// Record id.
    pub id: i64,
    /// Volunteer id.
    pub volunteer_id: i64,
    /// Volunteer's name.
    pub name: String,
    /// Identity document kind (`resident_id`, `other`), if given.
    pub id_type: Option<String>,
    /// The full identity number, if given: the export masks it unless the reader may see it.
    pub id_number: Option<String>,
    /// Stored gender word.
    pub gender: String,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// Full mobile number (masked like the identity number).
    pub mobile: String,
    /// The volunteer's home station id.
    pub home_id: i64,
    /// Its path in the tree.
    pub home_path: String,
    /// Its name.
    pub home: String,
    /// When the volunteer was registered.
    pub registered_at: DateTime<Utc>,
    /// Project name.
    pub project: String,
    /// Activity name.
    pub activity: String,
    /// What the activity was.
    pub content: String,
    /// Where: township.
    pub township: String,
    /// Where: village.
    pub village: String,
    /// Day served.
    pub served_on: NaiveDate,
    /// Start, minutes after midnight.
    pub start_min: i64,
    /// End, minutes after midnight.
    pub end_min: i64,
    /// Length in minutes.
    pub minutes: i64,
    /// Service or training.
    #[sqlx(try_from = "String")]
    pub kind: HourKind,
    /// Where the record came from.
    #[sqlx(try_from = "String")]
    pub source: RecordSource,
    /// Entered late (补录).
    pub late: bool,
    /// The record this one corrects.
    pub amends_id: Option<i64>,
    /// Recording (organising) station.
    pub station: String,
    /// Who recorded it.
    pub recorded_by: String,
    /// When.
    pub recorded_at: DateTime<Utc>,
    /// Who confirmed it.
    pub confirmed_by: Option<String>,
    /// When.
    pub confirmed_at: Option<DateTime<Utc>>,
}

impl NationalRecord {
    /// The volunteer's home station, for the rule on who sees identifiers in full.
    pub fn home_station(&self) -> StationRef {
        StationRef {
            id: self.home_id,
            path: self.home_path.clone(),
        }
    }
}

const SELECT: &str = "
    SELECT r.id, r.volunteer_id, v.name, v.id_type, v.id_number, v.gender, v.birth_date, v.mobile,
           v.station_id AS home_id, hs.path AS home_path, hs.name AS home,
           v.created_at AS registered_at, p.name AS project, a.name AS activity, a.content,
           a.township, a.village, r.served_on, r.start_min, r.end_min, r.minutes, r.kind,
           r.source, r.late, r.amends_id, s.name AS station, ru.display_name AS recorded_by,
           r.recorded_at, cu.display_name AS confirmed_by, r.confirmed_at
    FROM hour_records r
    JOIN volunteers v ON v.id = r.volunteer_id
    JOIN stations hs ON hs.id = v.station_id
    JOIN activities a ON a.id = r.activity_id
    JOIN projects p ON p.id = a.project_id
    JOIN stations s ON s.id = r.station_id
    JOIN users ru ON ru.id = r.recorded_by
    LEFT JOIN users cu ON cu.id = r.confirmed_by";

/// The records that count, recorded in `scope`, served in `period`.
fn period_filter(scope: &Scope, period: &NationalPeriod) -> Filter {
    let mut f = Filter::default();
    f.within("r.station_id", scope);
    f.push("r.served_on >= ?", vec![Arg::Date(period.from)]);
    f.push("r.served_on <= ?", vec![Arg::Date(period.to)]);
    f.conds.push(EFFECTIVE.to_owned());
    f
}

impl Db {
    /// How many records count in `period` for stations in `scope`, and of how many volunteers.
    pub async fn national_counts(
        &self,
        scope: &Scope,
        period: &NationalPeriod,
    ) -> Result<(i64, i64), AppError> {
        let f = period_filter(scope, period);
        let sql = format!(
            "SELECT COUNT(*), COUNT(DISTINCT r.volunteer_id) FROM hour_records r {}",
            f.where_sql()
        );
        let args = f.args;
        let counts: (i64, i64) = with_pool!(self, pool => {
            bind_all!(sqlx::query_as(&sql), &args).fetch_one(pool).await?
        });
        Ok(counts)
    }

    /// The records that count in `period` for stations in `scope`, oldest first, at most
    /// `limit` (the caller counts first and refuses a larger period).
    pub async fn national_records(
        &self,
        scope: &Scope,
        period: &NationalPeriod,
        limit: i64,
    ) -> Result<Vec<NationalRecord>, AppError> {
        let f = period_filter(scope, period);
        let sql = format!(
            "{SELECT} {} ORDER BY r.served_on, r.start_min, r.id LIMIT {limit}",
            f.where_sql()
        );
        let args = f.args;
        let rows: Vec<NationalRecord> = with_pool!(self, pool => {
            bind_all!(sqlx::query_as(&sql), &args).fetch_all(pool).await?
        });
        Ok(rows)
    }

    /// Logs a national export: the export itself and, per home station, the volunteers whose
    /// identifiers it held in full (`revealed`: station id → number of volunteers), so the
    /// station's admins read who took their volunteers' ID numbers out and when.
    pub async fn log_national_export(
        &self,
        part: NationalPart,
        period: &NationalPeriod,
        rows: usize,
        revealed: &std::collections::BTreeMap<i64, usize>,
        actor: &Actor,
    ) -> Result<(), AppError> {
        let query = period.download_query(part);
        with_tx!(self, tx => {
            audit!(&mut *tx, &NewAudit {
                action: "export",
                target: Some(format!("national_{}", part.as_str())),
                detail: Some(format!("{rows} rows; {query}")),
                ..NewAudit::from(actor)
            });
            for (station_id, n) in revealed {
                audit!(&mut *tx, &NewAudit {
                    station_id: Some(*station_id),
                    action: "identifier_revealed",
                    target: Some(format!("export:national_{}", part.as_str())),
                    detail: Some(format!(
                        "id_number, mobile of {n} volunteers ({} – {})",
                        period.from, period.to
                    )),
                    ..NewAudit::from(actor)
                });
            }
        });
        Ok(())
    }
}
