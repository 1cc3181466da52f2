//! Continuing education (继续教育): a staff member's qualification, their training records and
//! progress in the registration period; admins confirm or return the trainings of their
//! stations.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::education::{Progress, QualificationView, TrainingInput, TrainingView};

#[cfg(feature = "ssr")]
use crate::model::account::Role;
#[cfg(feature = "ssr")]
use crate::model::permission::Viewer;
#[cfg(feature = "ssr")]
use crate::server::{auth, form};

/// What the continuing-education page shows its owner.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GrowthData {
    /// The newest qualification recorded, number in full (it is theirs).
    pub qualification: Option<QualificationView>,
    /// Progress in the current period (with a level and a first registration).
    pub progress: Option<Progress>,
    /// Minutes of supervision in the same period (not continuing education by law).
    pub supervision_minutes: i64,
    /// Their training records.
    pub trainings: Vec<TrainingView>,
    /// Today in China.
    pub today: NaiveDate,
}

/// The signed-in staff member (trainee, mentor, coordinator or admin) and the station their
/// records belong to: where they hold their first role (a volunteer account is refused).
#[cfg(feature = "ssr")]
async fn worker() -> Result<(Viewer, i64), AppError> {
    let viewer = auth::viewer().await?;
    let station = Role::ALL
        .iter()
        .find_map(|role| viewer.roles.iter().find(|g| g.role == *role))
        .map(|g| g.station_id)
        .ok_or(AppError::Forbidden)?;
    Ok((viewer, station))
}

/// The signed-in person's own continuing education.
#[server(endpoint = "growth/mine")]
pub async fn growth_page() -> Result<GrowthData, AppError> {
    use crate::model::education::Period;
    let (viewer, _) = worker().await?;
    let db = auth::db()?;
    let today = crate::model::time::china_today();
    let qualification = db.qualification(viewer.id).await?;
    let (progress, supervision_minutes) = match &qualification {
        Some(QualificationView {
            level,
            first_registered: Some(first),
            ..
        }) => {
            let period = Period::holding(*first, today);
            let (credited, supervision) = db.period_minutes(viewer.id, period).await?;
            (
                Some(Progress::new(*level, period, credited, today)),
                supervision,
            )
        }
        _ => (None, 0),
    };
    Ok(GrowthData {
        trainings: db.trainings_of(viewer.id).await?,
        qualification,
        progress,
        supervision_minutes,
        today,
    })
}

/// Records the signed-in person's qualification (a new record; the newest counts).
#[server(endpoint = "growth/qualification")]
pub async fn save_qualification(
    level: String,
    #[server(default)] certificate_no: String,
    #[server(default)] first_registered: String,
) -> Result<(), AppError> {
    let outcome = async {
        use crate::model::education::{Qualification, parse_certificate_number};
        let (viewer, _) = worker().await?;
        let level = Qualification::parse(level.trim())
            .ok_or_else(|| AppError::invalid("level", "required"))?;
        let (certificate_no, first_registered) = if level == Qualification::None {
            (None, None)
        } else {
            let number = parse_certificate_number(&certificate_no)?;
            let first = NaiveDate::parse_from_str(first_registered.trim(), "%Y-%m-%d")
                .map_err(|_| AppError::invalid("first_registered", "date_format"))?;
            if first > crate::model::time::china_today() {
                return Err(AppError::invalid("first_registered", "future_date"));
            }
            (Some(number), Some(first))
        };
        auth::db()?
            .record_qualification(
                viewer.id,
                &QualificationView {
                    level,
                    certificate_no,
                    first_registered,
                },
                &auth::actor(Some(&viewer)),
            )
            .await?;
        Ok("/growth?saved=qualification_saved".to_owned())
    }
    .await;
    form::finish(
        outcome,
        "/growth",
        &[
            ("level", &level),
            ("certificate_no", &certificate_no),
            ("first_registered", &first_registered),
        ],
    )
}

/// Records one of the signed-in person's own trainings; it waits for an admin of their station.
#[server(endpoint = "growth/training")]
pub async fn record_training(#[server(flatten)] input: TrainingInput) -> Result<(), AppError> {
    let outcome = async {
        use crate::server::db::education::NewTraining;
        let (viewer, station_id) = worker().await?;
        let training = input.validate(crate::model::time::china_today())?;
        auth::db()?
            .record_trainings(
                &[NewTraining {
                    user_id: viewer.id,
                    station_id,
                    training,
                    amends_id: None,
                }],
                &auth::actor(Some(&viewer)),
            )
            .await?;
        Ok("/growth?saved=training_recorded".to_owned())
    }
    .await;
    form::finish(
        outcome,
        "/growth",
        &[
            ("started_on", &input.started_on),
            ("ended_on", &input.ended_on),
            ("provider", &input.provider),
            ("topic", &input.topic),
            ("form", &input.form),
            ("hours", &input.hours),
            ("evidence", &input.evidence),
            ("summary", &input.summary),
        ],
    )
}

/// The trainings waiting at the stations this admin administers.
#[server(endpoint = "growth/waiting")]
pub async fn trainings_waiting() -> Result<Vec<TrainingView>, AppError> {
    let viewer = auth::viewer().await?;
    if !viewer.has_role(Role::Admin) {
        return Err(AppError::Forbidden);
    }
    auth::db()?
        .trainings_waiting(&viewer.scope_of(&[Role::Admin]))
        .await
}

/// Confirms a training (`reason` empty) or returns it with a reason: an admin of the
/// worker's station, never for their own training.
#[server(endpoint = "growth/decide")]
pub async fn decide_training(id: i64, #[server(default)] reason: String) -> Result<(), AppError> {
    let outcome = async {
        use crate::model::privacy::optional_note;
        use crate::model::text::Lines;
        let viewer = auth::viewer().await?;
        let db = auth::db()?;
        let (station, owner) = db.training_owner(id).await?.ok_or(AppError::NotFound)?;
        if !viewer.has_role_at(Role::Admin, &station) || owner == viewer.id {
            return Err(AppError::Forbidden);
        }
        let reason = optional_note("reason", &reason, 200, Lines::One)?;
        db.decide_training(id, reason.as_deref(), &auth::actor(Some(&viewer)))
            .await?;
        Ok(format!(
            "/growth/review?saved={}",
            if reason.is_some() {
                "training_rejected"
            } else {
                "training_confirmed"
            }
        ))
    }
    .await;
    form::finish(outcome, "/growth/review", &[("reason", &reason)])
}
