//! The certificate register (志愿服务记录证明): issuing a certificate of a station's own
//! confirmed records, with a register entry and an audit entry (and a reveal entry when the ID
//! number is printed in full); the register itself never changes.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sqlx::FromRow;

use super::Db;
use super::audit::Actor;
use super::audit::NewAudit;
use super::query::EFFECTIVE;
use crate::error::AppError;
use crate::model::volunteer::{
    CertificateView, IdType, certificate_number, mask_id_number, volunteer_number,
};

/// Why, and for which home station, a certificate shows an ID number in full.
#[derive(Debug, Clone)]
pub struct IdReveal {
    /// The volunteer's home station (the audit entry goes there).
    pub home_station_id: i64,
    /// Why (the volunteer asked for it, for …).
    pub reason: String,
}

/// A certificate about to be issued.
#[derive(Debug, Clone)]
pub struct NewCertificate {
    /// Volunteer.
    pub volunteer_id: i64,
    /// Issuing station (only its own records are certified).
    pub station_id: i64,
    /// Period start.
    pub from_on: NaiveDate,
    /// Period end.
    pub to_on: NaiveDate,
    /// Print the ID number in full (the volunteer asked for it): a reveal, allowed only to the
    /// volunteer's home station, with its reason and the home station for the audit entry.
    pub show_id: Option<IdReveal>,
    pub person_in_charge: String,
    pub contact: String,
    pub notes: String,
}

impl Db {
    /// Issues a certificate for the station's own confirmed records of one volunteer in a
    /// period: writes the issuance register and the audit log in one transaction.
    pub async fn issue_certificate(
        &self,
        c: &NewCertificate,
        actor: &Actor,
    ) -> Result<i64, AppError> {
        let totals_sql = format!(
            "SELECT CAST(COALESCE(SUM(CASE WHEN r.kind = 'service' THEN r.minutes ELSE 0 END), 0) AS BIGINT),
                    CAST(COALESCE(SUM(CASE WHEN r.kind = 'training' THEN r.minutes ELSE 0 END), 0) AS BIGINT),
                    COUNT(DISTINCT r.activity_id),
                    CAST(COALESCE(SUM(CASE WHEN r.kind = 'service' AND r.source = 'scan' THEN r.minutes ELSE 0 END), 0) AS BIGINT)
             FROM hour_records r
             WHERE r.volunteer_id = $1 AND r.station_id = $2 AND r.served_on >= $3
               AND r.served_on <= $4 AND r.minutes > 0 AND {EFFECTIVE}"
        );
        let projects_sql = format!(
            "SELECT DISTINCT p.name FROM hour_records r
             JOIN activities a ON a.id = r.activity_id JOIN projects p ON p.id = a.project_id
             WHERE r.volunteer_id = $1 AND r.station_id = $2 AND r.served_on >= $3
               AND r.served_on <= $4 AND r.minutes > 0 AND {EFFECTIVE} ORDER BY p.name"
        );
        let id = with_tx!(self, tx => {
            let (service, training, activities, scan): (i64, i64, i64, i64) =
                sqlx::query_as(&totals_sql)
                .bind(c.volunteer_id)
                .bind(c.station_id)
                .bind(c.from_on)
                .bind(c.to_on)
                .fetch_one(&mut *tx)
                .await?;
            if activities == 0 {
                return Err(AppError::invalid("from_on", "no_confirmed_hours"));
            }
            let projects: Vec<String> = sqlx::query_scalar(&projects_sql)
                .bind(c.volunteer_id)
                .bind(c.station_id)
                .bind(c.from_on)
                .bind(c.to_on)
                .fetch_all(&mut *tx)
                .await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO certificates (volunteer_id, station_id, from_on, to_on, service_minutes,
                     training_minutes, activities, projects, show_id, person_in_charge, contact,
                     notes, issued_by, issued_at, scan_minutes)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
                 RETURNING id",
            )
            .bind(c.volunteer_id)
            .bind(c.station_id)
            .bind(c.from_on)
            .bind(c.to_on)
            .bind(service)
            .bind(training)
            .bind(activities)
            .bind(projects.join("、"))
            .bind(c.show_id.is_some())
            .bind(&c.person_in_charge)
            .bind(&c.contact)
            .bind(&c.notes)
            .bind(actor.user_id)
            .bind(Utc::now())
            .bind(scan)
            .fetch_one(&mut *tx)
            .await?;
            audit!(&mut *tx, &NewAudit {
                station_id: Some(c.station_id),
                action: "certificate_issued",
                target: Some(format!("volunteer:{}", c.volunteer_id)),
                detail: Some(format!(
                    "{} {}–{} {} min",
                    certificate_number(crate::model::time::china_time(Utc::now()).year(), id),
                    c.from_on,
                    c.to_on,
                    service
                )),
                ..NewAudit::from(actor)
            });
            if let Some(reveal) = &c.show_id {
                audit!(&mut *tx, &NewAudit {
                    station_id: Some(reveal.home_station_id),
                    action: "identifier_revealed",
                    target: Some(format!("volunteer:{}", c.volunteer_id)),
                    detail: Some(format!("id_number (certificate {id}): {}", reveal.reason)),
                    ..NewAudit::from(actor)
                });
            }
            id
        });
        Ok(id)
    }

    /// Issued certificates: one by id, or every one of a volunteer (newest first). ID numbers
    /// are masked, except with `reveal` on a certificate issued to show it in full (the caller
    /// has checked that the viewer may see it: the volunteer or their home station).
    pub async fn certificates(
        &self,
        id: Option<i64>,
        volunteer_id: Option<i64>,
        reveal: bool,
    ) -> Result<Vec<CertificateView>, AppError> {
        let mut f = super::query::Filter::default();
        if let Some(id) = id {
            f.push("c.id = ?", vec![super::query::Arg::Int(id)]);
        }
        if let Some(v) = volunteer_id {
            f.push("c.volunteer_id = ?", vec![super::query::Arg::Int(v)]);
        }
        self.certificates_where(f, reveal).await
    }

    /// The issuance register: the latest 200 certificates of volunteers whose home station is
    /// in `scope`, ID numbers masked.
    pub async fn certificate_register(
        &self,
        scope: &crate::model::permission::Scope,
    ) -> Result<Vec<CertificateView>, AppError> {
        let mut f = super::query::Filter::default();
        f.within("v.station_id", scope);
        self.certificates_where(f, false).await
    }

    async fn certificates_where(
        &self,
        f: super::query::Filter,
        reveal: bool,
    ) -> Result<Vec<CertificateView>, AppError> {
        #[derive(FromRow)]
        struct Row {
            id: i64,
            volunteer_id: i64,
            volunteer: String,
            station_id: i64,
            station: String,
            from_on: NaiveDate,
            to_on: NaiveDate,
            service_minutes: i64,
            training_minutes: i64,
            activities: i64,
            scan_minutes: i64,
            projects: String,
            show_id: bool,
            person_in_charge: String,
            contact: String,
            notes: String,
            issued_by: String,
            issued_at: DateTime<Utc>,
            id_type: Option<String>,
            id_number: Option<String>,
        }
        let sql = format!(
            "SELECT c.id, c.volunteer_id, v.name AS volunteer, c.station_id, s.name AS station, c.from_on, c.to_on,
                    c.service_minutes, c.training_minutes, c.activities, c.scan_minutes,
                    c.projects, c.show_id,
                    c.person_in_charge, c.contact, c.notes, u.display_name AS issued_by, c.issued_at,
                    v.id_type, v.id_number
             FROM certificates c JOIN volunteers v ON v.id = c.volunteer_id
             JOIN stations s ON s.id = c.station_id JOIN users u ON u.id = c.issued_by
             {}
             ORDER BY c.id DESC LIMIT 200",
            f.where_sql()
        );
        let rows: Vec<Row> = with_pool!(self, pool => {
            super::query::bind_all!(sqlx::query_as(&sql), &f.args).fetch_all(pool).await?
        });
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id_parts = r
                .id_type
                .as_deref()
                .and_then(IdType::parse)
                .zip(r.id_number.clone());
            let issued = crate::model::time::china_time(r.issued_at);
            out.push(CertificateView {
                id: r.id,
                number: certificate_number(issued.year(), r.id),
                volunteer_id: r.volunteer_id,
                volunteer: r.volunteer,
                volunteer_number: volunteer_number(r.volunteer_id),
                id_shown: id_parts.map(|(kind, n)| {
                    let shown = if r.show_id && reveal {
                        n
                    } else {
                        mask_id_number(&n)
                    };
                    let label = match kind {
                        IdType::ResidentId => "resident_id",
                        IdType::Other => "other",
                    };
                    (label.to_owned(), shown)
                }),
                station_id: r.station_id,
                station: r.station,
                from_on: r.from_on,
                to_on: r.to_on,
                service_minutes: r.service_minutes,
                training_minutes: r.training_minutes,
                activities: r.activities,
                scan_minutes: r.scan_minutes,
                projects: r.projects,
                person_in_charge: r.person_in_charge,
                contact: r.contact,
                notes: r.notes,
                issued_by: r.issued_by,
                issued_on: issued.date(),
                id_in_full: r.show_id,
            });
        }
        Ok(out)
    }
}
