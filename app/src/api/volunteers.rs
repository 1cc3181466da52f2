//! Volunteers: the roster, registration, one volunteer's page (masked identifiers with a logged
//! reveal, guardian consent, sign-in), and a volunteer's own hours. Coordinators and admins act
//! on volunteers of their stations; a volunteer account sees only its own records.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::station::StationChoices;
use crate::model::volunteer::{
    ActivityView, CertificateView, HourRecordView, ProjectView, RosterFilter, RosterRow,
    VolunteerDetail, VolunteerInput,
};

#[cfg(feature = "ssr")]
use crate::model::permission::Viewer;
#[cfg(feature = "ssr")]
use crate::model::privacy::required_note;
#[cfg(feature = "ssr")]
use crate::model::text::Lines;
#[cfg(feature = "ssr")]
use crate::server::{auth, form};

/// Today in China.
#[cfg(feature = "ssr")]
pub(crate) fn today() -> NaiveDate {
    crate::model::time::china_time(chrono::Utc::now()).date()
}

/// The signed-in coordinator or admin (anyone else is refused).
#[cfg(feature = "ssr")]
pub(crate) async fn staff() -> Result<Viewer, AppError> {
    let viewer = auth::viewer().await?;
    if viewer.is_volunteer_staff() {
        Ok(viewer)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Stations whose volunteers this person manages, as a picker offers them: those whose name
/// contains `search`, plus `chosen`.
#[cfg(feature = "ssr")]
pub(crate) async fn managed_stations(
    viewer: &Viewer,
    search: &str,
    chosen: Option<i64>,
) -> Result<StationChoices, AppError> {
    crate::api::stations::station_choices(&viewer.volunteer_scope(), search, chosen.as_slice())
        .await
}

/// The signed-in coordinator or admin of volunteer `id`'s station (else `Forbidden`, or
/// `NotFound` for no such volunteer).
#[cfg(feature = "ssr")]
pub(crate) async fn manager_of(id: i64) -> Result<Viewer, AppError> {
    let viewer = staff().await?;
    let station = auth::db()?
        .volunteer_station(id)
        .await?
        .ok_or(AppError::NotFound)?;
    if viewer.can_manage_volunteers_at(&station) {
        Ok(viewer)
    } else {
        Err(AppError::Forbidden)
    }
}

/// What the roster page shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RosterData {
    /// This page's rows.
    pub rows: Vec<RosterRow>,
    /// Volunteers matching the filter.
    pub total: i64,
    /// The filter in force.
    pub filter: RosterFilter,
    /// Stations to filter by (the person's scope, narrowed by the station search).
    pub stations: StationChoices,
    /// Projects to filter by.
    pub projects: Vec<(i64, String)>,
    /// True when this person may download the roster (coordinators; the route checks again).
    pub can_export: bool,
}

/// One page of the roster (the filter is brought into range here, whatever was sent).
#[server(endpoint = "volunteers/roster")]
pub async fn roster_page(filter: RosterFilter) -> Result<RosterData, AppError> {
    let viewer = staff().await?;
    let filter = filter.normalized();
    let db = auth::db()?;
    let scope = viewer.volunteer_scope();
    let limit = i64::try_from(crate::model::station::PICKER_LIMIT).unwrap_or(40);
    // The page and its two pickers are independent reads: at once.
    let ((rows, total), stations, projects) = tokio::try_join!(
        db.roster(&scope, &filter, RosterFilter::PAGE_SIZE),
        managed_stations(&viewer, &filter.station_q, filter.station_id),
        db.project_choices(&scope, filter.project_id, limit),
    )?;
    Ok(RosterData {
        rows,
        total,
        filter,
        stations,
        projects,
        can_export: viewer.can_export_personal_data(),
    })
}

/// Stations a new volunteer can belong to (whose name contains `station_q`).
#[server(endpoint = "volunteers/form")]
pub async fn volunteer_form_page(
    #[server(default)] station_q: String,
) -> Result<StationChoices, AppError> {
    let viewer = staff().await?;
    managed_stations(&viewer, &station_q, None).await
}

/// Registers a volunteer at a station the person manages.
#[server(endpoint = "volunteers/register")]
pub async fn register_volunteer(#[server(flatten)] input: VolunteerInput) -> Result<(), AppError> {
    let outcome = async {
        let viewer = staff().await?;
        let new = input.validate(today())?;
        let db = auth::db()?;
        let station = db
            .station_ref(new.station_id)
            .await?
            .ok_or_else(|| AppError::invalid("station_id", "required"))?;
        if !viewer.can_manage_volunteers_at(&station) {
            return Err(AppError::Forbidden);
        }
        let ids = db
            .register_volunteers(&[new], &auth::actor(Some(&viewer)))
            .await
            .map_err(|(_, e)| e)?;
        let id = ids.first().copied().ok_or(AppError::Internal)?;
        Ok(format!("/volunteers/{id}?saved=volunteer_registered"))
    }
    .await;
    form::finish(
        outcome,
        "/volunteers/new",
        &[
            ("name", &input.name),
            ("mobile", &input.mobile),
            ("id_type", &input.id_type),
            ("birth_date", &input.birth_date),
            ("gender", &input.gender),
            ("station_id", &input.station_id),
            ("team", &input.team),
            ("skills", &input.skills),
            ("guardian_name", &input.guardian_name),
            ("guardian_relation", &input.guardian_relation),
            ("guardian_consent_on", &input.guardian_consent_on),
        ],
    )
}

/// What one volunteer's page shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VolunteerData {
    /// The volunteer, identifiers masked.
    pub detail: VolunteerDetail,
    /// Identifiers this person revealed in the last few minutes: (what, value).
    pub revealed: Vec<(String, String)>,
    /// Every record, corrections beside what they amend.
    pub records: Vec<HourRecordView>,
    /// Issued certificates.
    pub certificates: Vec<CertificateView>,
    /// Stations this person may issue certificates for and correct hours at (narrowed by
    /// `station_q` when there are many).
    pub issuing_stations: StationChoices,
    /// Under 18 today.
    pub minor: bool,
    /// A one-time activation code made just now, shown this once.
    pub activation_code: Option<String>,
    /// Today in China.
    pub today: NaiveDate,
}

/// One volunteer, for a coordinator or admin of their station.
#[server(endpoint = "volunteers/get")]
pub async fn volunteer_page(
    id: i64,
    #[server(default)] station_q: String,
) -> Result<VolunteerData, AppError> {
    let viewer = manager_of(id).await?;
    let db = auth::db()?;
    let detail = db.volunteer(id).await?.ok_or(AppError::NotFound)?;
    let since = chrono::Utc::now() - chrono::Duration::minutes(10);
    let revealed = db.recent_reveals(viewer.id, id, since).await?;
    let issuing_stations = crate::api::stations::station_choices(
        &viewer.scope_of(&[crate::model::account::Role::Coordinator]),
        &station_q,
        &[],
    )
    .await?;
    let today = today();
    Ok(VolunteerData {
        minor: crate::model::volunteer::age_on(detail.birth_date, today) < 18,
        activation_code: auth::take_flash(
            crate::api::checkin::ACTIVATION_FLASH,
            &format!("/volunteers/{id}"),
        ),
        records: db.volunteer_records(id).await?,
        certificates: db.certificates(None, Some(id), false).await?,
        detail,
        revealed,
        issuing_stations,
        today,
    })
}

/// Shows a masked identifier in full for ten minutes to this person; logged with the reason.
#[server(endpoint = "volunteers/reveal")]
pub async fn reveal_identifier(
    volunteer_id: i64,
    what: String,
    reason: String,
) -> Result<(), AppError> {
    let back = format!("/volunteers/{volunteer_id}");
    let outcome = async {
        let viewer = manager_of(volunteer_id).await?;
        let reason = required_note("reason", &reason, 200, Lines::One)?;
        auth::db()?
            .reveal_identifier(volunteer_id, &what, &reason, &auth::actor(Some(&viewer)))
            .await?;
        Ok(format!("{back}?saved=revealed"))
    }
    .await;
    form::finish(outcome, &back, &[("reason", &reason)])
}

/// Records a guardian's consent for a volunteer under 18.
#[server(endpoint = "volunteers/consent")]
pub async fn record_guardian_consent(
    volunteer_id: i64,
    guardian_name: String,
    guardian_relation: String,
    guardian_consent_on: String,
) -> Result<(), AppError> {
    let back = format!("/volunteers/{volunteer_id}");
    let outcome = async {
        let viewer = manager_of(volunteer_id).await?;
        let on = crate::model::volunteer::parse_date("guardian_consent_on", &guardian_consent_on)?;
        if on > today() {
            return Err(AppError::invalid("guardian_consent_on", "future_date"));
        }
        let consent = crate::model::volunteer::GuardianConsent {
            name: crate::model::text::required_text("guardian_name", &guardian_name, 40)?,
            relation: crate::model::text::required_text(
                "guardian_relation",
                &guardian_relation,
                20,
            )?,
            on,
        };
        auth::db()?
            .record_guardian_consent(volunteer_id, &consent, &auth::actor(Some(&viewer)))
            .await?;
        Ok(format!("{back}?saved=consent_recorded"))
    }
    .await;
    form::finish(
        outcome,
        &back,
        &[
            ("guardian_name", &guardian_name),
            ("guardian_relation", &guardian_relation),
            ("guardian_consent_on", &guardian_consent_on),
        ],
    )
}

/// Marks a volunteer active or inactive, with a reason.
#[server(endpoint = "volunteers/status")]
pub async fn set_volunteer_status(
    volunteer_id: i64,
    status: String,
    reason: String,
) -> Result<(), AppError> {
    let back = format!("/volunteers/{volunteer_id}");
    let outcome = async {
        let viewer = manager_of(volunteer_id).await?;
        let reason = required_note("reason", &reason, 200, Lines::One)?;
        auth::db()?
            .set_volunteer_status(volunteer_id, &status, &reason, &auth::actor(Some(&viewer)))
            .await?;
        Ok(format!("{back}?saved=volunteer_status_changed"))
    }
    .await;
    form::finish(outcome, &back, &[("reason", &reason)])
}

/// Gives a volunteer a sign-in to see their own hours.
#[server(endpoint = "volunteers/account")]
pub async fn create_volunteer_account(
    volunteer_id: i64,
    username: String,
    password: String,
) -> Result<(), AppError> {
    let back = format!("/volunteers/{volunteer_id}");
    let outcome = async {
        let viewer = manager_of(volunteer_id).await?;
        let name = crate::model::account::Username::parse(&username)?;
        crate::model::account::new_password("password", &password, name.as_str())?;
        let hash = crate::server::password::hash(password.clone()).await?;
        auth::db()?
            .create_volunteer_account(volunteer_id, &name, &hash, &auth::actor(Some(&viewer)))
            .await?;
        Ok(format!("{back}?saved=account_created"))
    }
    .await;
    form::finish(outcome, &back, &[("username", &username)])
}

/// What a volunteer sees about themself.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MyHoursData {
    /// Their record, masked.
    pub detail: VolunteerDetail,
    /// Every record with its status; corrections show their status and age.
    pub records: Vec<HourRecordView>,
    /// Certificates issued to them.
    pub certificates: Vec<CertificateView>,
    /// Recent activities they may report hours for (their home station's and those above).
    pub activities: Vec<ActivityView>,
    /// Projects (names and descriptions).
    pub projects: Vec<ProjectView>,
    /// Today in China.
    pub today: NaiveDate,
}

/// The signed-in volunteer's own hours.
#[server(endpoint = "me/hours")]
pub async fn my_hours_page() -> Result<MyHoursData, AppError> {
    let viewer = auth::viewer().await?;
    let id = viewer.volunteer_id.ok_or(AppError::Forbidden)?;
    let db = auth::db()?;
    Ok(MyHoursData {
        detail: db.volunteer(id).await?.ok_or(AppError::NotFound)?,
        records: db.volunteer_records(id).await?,
        certificates: db.certificates(None, Some(id), false).await?,
        activities: db.activities_for_volunteer(id, today(), 60).await?,
        projects: db.project_overview().await?,
        today: today(),
    })
}
