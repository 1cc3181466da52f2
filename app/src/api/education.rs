//! Continuing education (继续教育): a staff member's qualification, their training records and
//! progress in the registration period; admins confirm or return the trainings of their
//! stations.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::education::{Progress, QualificationView, Standing, TrainingInput, TrainingView};

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

/// The newest qualification of `user_id`, their progress in the current period (when they
/// recorded a level and a first registration) and the period's supervision minutes.
#[cfg(feature = "ssr")]
async fn current_progress(
    db: &crate::server::db::Db,
    user_id: i64,
    today: NaiveDate,
) -> Result<(Option<QualificationView>, Option<Progress>, i64), AppError> {
    use crate::model::education::{Period, Qualification};
    let qualification = db.qualification(user_id).await?;
    let (progress, supervision) = match &qualification {
        Some(QualificationView {
            level,
            first_registered: Some(first),
            ..
        }) if *level != Qualification::None => {
            let period = Period::holding(*first, today);
            let (credited, supervision) = db.period_minutes(user_id, period).await?;
            (
                Some(Progress::new(*level, period, credited, today)),
                supervision,
            )
        }
        _ => (None, 0),
    };
    Ok((qualification, progress, supervision))
}

/// The signed-in person's own continuing education.
#[server(endpoint = "growth/mine")]
pub async fn growth_page() -> Result<GrowthData, AppError> {
    let (viewer, _) = worker().await?;
    let db = auth::db()?;
    let today = crate::model::time::china_today();
    let (qualification, progress, supervision_minutes) =
        current_progress(&db, viewer.id, today).await?;
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
            let first = crate::model::time::parse_day(&first_registered)
                .ok_or_else(|| AppError::invalid("first_registered", "date_format"))?;
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
                    confirmed: false,
                }],
                &auth::actor(Some(&viewer)),
            )
            .await?;
        Ok("/growth?saved=training_recorded".to_owned())
    }
    .await;
    form::finish(outcome, "/growth", &input.kept())
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

/// The home page's reminder: the signed-in staff member's progress when it is behind with six
/// months or less left in the period; `None` otherwise (and for accounts without a station).
#[server(endpoint = "growth/warning")]
pub async fn growth_warning() -> Result<Option<Progress>, AppError> {
    use crate::model::education::Warning;
    let Ok((viewer, _)) = worker().await else {
        return Ok(None);
    };
    let today = crate::model::time::china_today();
    let (_, progress, _) = current_progress(&auth::db()?, viewer.id, today).await?;
    Ok(progress.filter(|p| p.warning != Warning::None))
}

/// Who is behind in the current period, at the stations an admin administers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BehindData {
    /// Behind, the least time left first.
    pub behind: Vec<Standing>,
    /// Staff with a recorded qualification (behind or not).
    pub tracked: usize,
    /// Staff in scope.
    pub staff: usize,
    /// Today in China.
    pub today: NaiveDate,
}

/// The admin's list of staff behind on continuing education (with a qualification recorded).
#[server(endpoint = "growth/behind")]
pub async fn growth_behind() -> Result<BehindData, AppError> {
    use crate::model::education::{PERIOD_YEARS, Period, credited_in};
    use chrono::Months;
    let viewer = auth::viewer().await?;
    if !viewer.has_role(Role::Admin) {
        return Err(AppError::Forbidden);
    }
    let db = auth::db()?;
    let scope = viewer.scope_of(&[Role::Admin]);
    let today = crate::model::time::china_today();
    // Every current period began within the last three years.
    let since = today
        .checked_sub_months(Months::new(12 * PERIOD_YEARS))
        .unwrap_or(today);
    let staff = db.station_staff(&scope).await?.len();
    let standing = db.education_standing(&scope, since).await?;
    let tracked = standing.len();
    let mut behind: Vec<Standing> = standing
        .into_iter()
        .filter_map(|(member, q, trainings)| {
            let period = Period::holding(q.first_registered?, today);
            let progress = Progress::new(q.level, period, credited_in(period, &trainings), today);
            (progress.credited < progress.required).then_some(Standing {
                user_id: member.user_id,
                name: member.name,
                station: member.station,
                level: q.level,
                progress,
            })
        })
        .collect();
    behind.sort_by_key(|s| (s.progress.days_left, s.user_id));
    Ok(BehindData {
        behind,
        tracked,
        staff,
        today,
    })
}

/// A staff member an admin may record as attending a training.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    /// Account.
    pub user_id: i64,
    /// Name.
    pub name: String,
    /// Station name.
    pub station: String,
}

/// Staff of the stations this admin administers (not the admin), for recording a training
/// the station ran.
#[server(endpoint = "growth/attendees")]
pub async fn training_attendees() -> Result<Vec<Attendee>, AppError> {
    let viewer = auth::viewer().await?;
    if !viewer.has_role(Role::Admin) {
        return Err(AppError::Forbidden);
    }
    Ok(auth::db()?
        .station_staff(&viewer.scope_of(&[Role::Admin]))
        .await?
        .into_iter()
        .filter(|m| m.user_id != viewer.id)
        .map(|m| Attendee {
            user_id: m.user_id,
            name: m.name,
            station: m.station,
        })
        .collect())
}

/// Records a training the station ran for every ticked attendee (`attendee[<id>]=on`),
/// confirmed at once by the admin who records it. Attendees must work at a station the admin
/// administers; the admin cannot record their own.
#[server(endpoint = "growth/station-training")]
pub async fn record_station_training(
    #[server(flatten)] input: TrainingInput,
    #[server(default)] attendee: std::collections::HashMap<String, String>,
) -> Result<(), AppError> {
    // Ticks come back on a refused form, like every typed value.
    let ticked = attendee
        .iter()
        .filter(|(k, v)| !v.is_empty() && k.len() <= 20)
        .map(|(k, _)| k.as_str())
        .take(500)
        .collect::<Vec<_>>()
        .join(",");
    let outcome = async {
        use crate::server::db::education::NewTraining;
        let viewer = auth::viewer().await?;
        if !viewer.has_role(Role::Admin) {
            return Err(AppError::Forbidden);
        }
        let training = input.validate(crate::model::time::china_today())?;
        let mut picked: Vec<i64> = attendee
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .filter_map(|(k, _)| k.parse().ok())
            .collect();
        picked.sort_unstable();
        picked.dedup();
        if picked.is_empty() {
            return Err(AppError::invalid("attendee", "pick_attendees"));
        }
        if picked.len() > 500 {
            return Err(AppError::invalid("attendee", "too_many_attendees"));
        }
        let db = auth::db()?;
        let staff = db.station_staff(&viewer.scope_of(&[Role::Admin])).await?;
        let new = picked
            .iter()
            .map(|id| {
                let member = staff
                    .iter()
                    .find(|m| m.user_id == *id && *id != viewer.id)
                    .ok_or(AppError::Forbidden)?;
                Ok(NewTraining {
                    user_id: member.user_id,
                    station_id: member.station_id,
                    training: training.clone(),
                    amends_id: None,
                    confirmed: true,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        db.record_trainings(&new, &auth::actor(Some(&viewer)))
            .await?;
        Ok("/growth/review?saved=station_training_recorded".to_owned())
    }
    .await;
    let mut kept = input.kept().to_vec();
    kept.push(("attendee_kept", &ticked));
    form::finish(outcome, "/growth/review", &kept)
}
