//! Certificates of volunteer service (志愿服务记录证明): issued from one station's confirmed
//! records, kept in an append-only register.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::volunteer::CertificateView;

#[cfg(feature = "ssr")]
use crate::api::hours::station_ref;
#[cfg(feature = "ssr")]
use crate::api::volunteers::staff;
#[cfg(feature = "ssr")]
use crate::model::privacy::{optional_note, required_note};
#[cfg(feature = "ssr")]
use crate::model::text::Lines;
#[cfg(feature = "ssr")]
use crate::model::volunteer::parse_date;
#[cfg(feature = "ssr")]
use crate::server::{auth, form};

/// The certificate issuance register: the latest certificates of volunteers whose station
/// this person manages.
#[server(endpoint = "certificates/register")]
pub async fn certificate_register() -> Result<Vec<CertificateView>, AppError> {
    let viewer = staff().await?;
    auth::db()?
        .certificate_register(&viewer.volunteer_scope())
        .await
}

/// The certificate form.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CertificateInput {
    pub volunteer_id: String,
    /// Issuing station.
    pub station_id: String,
    /// Period start.
    pub from_on: String,
    /// Period end.
    pub to_on: String,
    /// `on` to print the ID number in full.
    #[serde(default)]
    pub show_id: Option<String>,
    /// Why the ID number is printed in full (required then).
    #[serde(default)]
    pub show_id_reason: String,
    pub person_in_charge: String,
    pub contact: String,
    /// Notes.
    #[serde(default)]
    pub notes: String,
}

/// Issues a certificate of a volunteer's confirmed hours at one station for a period.
#[server(endpoint = "certificates/issue")]
pub async fn issue_certificate(#[server(flatten)] input: CertificateInput) -> Result<(), AppError> {
    let CertificateInput {
        volunteer_id,
        station_id,
        from_on,
        to_on,
        show_id,
        show_id_reason,
        person_in_charge,
        contact,
        notes,
    } = input;
    let volunteer_id: i64 = volunteer_id.trim().parse().unwrap_or(0);
    let back = format!("/volunteers/{volunteer_id}");
    let outcome = async {
        let viewer = staff().await?;
        let station_id = crate::model::text::parse_id("station_id", &station_id)?;
        if !viewer.can_confirm_hours_at(&station_ref(station_id).await?) {
            return Err(AppError::Forbidden);
        }
        let from = parse_date("from_on", &from_on)?;
        let to = parse_date("to_on", &to_on)?;
        if to < from {
            return Err(AppError::invalid("to_on", "end_before_start"));
        }
        // Printing the ID number in full is a reveal: only the volunteer's home station (or
        // the county) may, with a reason, and it is audited there.
        let show_id = if show_id.as_deref().is_some_and(|v| !v.is_empty()) {
            let home = auth::db()?
                .volunteer_station(volunteer_id)
                .await?
                .ok_or(AppError::NotFound)?;
            if !viewer.can_manage_volunteers_at(&home) {
                return Err(AppError::invalid("show_id", "show_id_home_station_only"));
            }
            Some(crate::server::db::certificates::IdReveal {
                home_station_id: home.id,
                reason: required_note("show_id_reason", &show_id_reason, 200, Lines::One)?,
            })
        } else {
            None
        };
        let c = crate::server::db::certificates::NewCertificate {
            volunteer_id,
            station_id,
            from_on: from,
            to_on: to,
            show_id,
            person_in_charge: crate::model::text::required_text(
                "person_in_charge",
                &person_in_charge,
                40,
            )?,
            contact: crate::model::text::required_text("contact", &contact, 40)?,
            notes: optional_note("notes", &notes, 300, Lines::Many)?.unwrap_or_default(),
        };
        let id = auth::db()?
            .issue_certificate(&c, &auth::actor(Some(&viewer)))
            .await?;
        Ok(format!("/certificates/{id}"))
    }
    .await;
    form::finish(
        outcome,
        &back,
        &[
            ("from_on", &from_on),
            ("to_on", &to_on),
            ("person_in_charge", &person_in_charge),
            ("contact", &contact),
            ("notes", &notes),
            ("show_id_reason", &show_id_reason),
        ],
    )
}

/// One issued certificate: for coordinators and admins of the issuing station or of the
/// volunteer's home station, or the volunteer.
#[server(endpoint = "certificates/get")]
pub async fn certificate_page(id: i64) -> Result<CertificateView, AppError> {
    let viewer = auth::viewer().await?;
    certificate_for(&auth::db()?, &viewer, id).await
}

/// Certificate `id` as `viewer` may see it (the page and its PDF share this rule).
#[cfg(feature = "ssr")]
pub async fn certificate_for(
    db: &crate::server::db::Db,
    viewer: &crate::model::permission::Viewer,
    id: i64,
) -> Result<CertificateView, AppError> {
    let cert = db
        .certificates(Some(id), None, false)
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let home = db
        .volunteer_station(cert.volunteer_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // The full ID number, when the certificate carries it, only for the volunteer and their
    // home station; the issuing station of another town sees it masked.
    let own_or_home =
        viewer.volunteer_id == Some(cert.volunteer_id) || viewer.can_manage_volunteers_at(&home);
    let issuing = db
        .station_ref(cert.station_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !own_or_home && !viewer.can_manage_volunteers_at(&issuing) {
        return Err(AppError::Forbidden);
    }
    if own_or_home && cert.id_in_full {
        return db
            .certificates(Some(id), None, true)
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound);
    }
    Ok(cert)
}
