//! The growth portfolio (成长档案) of one social worker: for the worker and for admins of their
//! stations; every issue (page or PDF) is audited.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::portfolio::Portfolio;

#[cfg(feature = "ssr")]
use crate::model::permission::Viewer;
#[cfg(feature = "ssr")]
use crate::server::db::{Db, audit::Actor};

/// Whose portfolio is asked for, once the viewer may issue it: made only by
/// [`portfolio_subject_for`], so [`issue_portfolio`] cannot be reached without the check.
#[cfg(feature = "ssr")]
pub struct PortfolioSubject {
    user_id: i64,
    name: String,
    stations: Vec<crate::model::permission::StationRef>,
}

/// `user_id` as a [`PortfolioSubject`] when `viewer` may issue their portfolio; "not found"
/// otherwise, as for any record outside their reach. Reads only: the PDF download asks this
/// before it says whether the server can make PDFs at all.
#[cfg(feature = "ssr")]
pub async fn portfolio_subject_for(
    db: &Db,
    viewer: &Viewer,
    user_id: i64,
) -> Result<PortfolioSubject, AppError> {
    let (name, stations) = db
        .portfolio_subject(user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !viewer.can_issue_portfolio(user_id, &stations) {
        return Err(AppError::NotFound);
    }
    Ok(PortfolioSubject {
        user_id,
        name,
        stations,
    })
}

/// Builds the subject's portfolio for `viewer` and audits the issue (`how`: `page` or `pdf`).
#[cfg(feature = "ssr")]
pub async fn issue_portfolio(
    db: &Db,
    viewer: &Viewer,
    subject: PortfolioSubject,
    how: &str,
    actor: &Actor,
) -> Result<Portfolio, AppError> {
    use crate::model::account::Role;
    use crate::model::competency::{ItemStatus, Outcome, Setting};
    use crate::model::education::{mask_certificate_number, period_lines};
    use crate::model::portfolio::{ItemLine, PracticeCount};
    use std::collections::BTreeMap;

    let PortfolioSubject {
        user_id,
        name,
        stations,
    } = subject;
    let today = crate::model::time::china_today();
    let facts = db.portfolio_facts(user_id).await?;
    let qualification = db.qualification(user_id).await?.map(|mut q| {
        q.certificate_no = q.certificate_no.as_deref().map(mask_certificate_number);
        q
    });
    let education = match &qualification {
        Some(q) => match q.first_registered {
            Some(first) if q.level.required_minutes() > 0 => {
                period_lines(q.level, first, today, &facts.trainings)
            }
            _ => Vec::new(),
        },
        None => Vec::new(),
    };
    // Competencies: the version they are (or were) enrolled on; a trainee never enrolled yet
    // is shown the newest published version, all not started. Reading never enrols.
    let was_trainee = facts.roles.iter().any(|r| r.role == Role::Trainee);
    let version = match facts.enrolled_version {
        Some(v) => Some(v),
        None if was_trainee => db.latest_published_version().await?,
        None => None,
    };
    let (mut framework_name, mut items, mut practice_counts) = (None, Vec::new(), Vec::new());
    if let Some(framework) = match version {
        Some(v) => db.framework(v).await?,
        None => None,
    } {
        let progress = db.progress_facts(user_id).await?;
        let areas = crate::api::competency::areas_of(&framework, &progress);
        let area_of: BTreeMap<&str, &str> = framework
            .areas
            .iter()
            .flat_map(|a| a.items.iter().map(|i| (i.code.as_str(), a.title.as_str())))
            .collect();
        for area in &areas {
            for item in &area.items {
                let signed = progress.latest.get(&item.code).filter(|d| {
                    d.outcome == Outcome::Competent && item.status == ItemStatus::Competent
                });
                items.push(ItemLine {
                    area: area.title.clone(),
                    code: item.code.clone(),
                    title: item.title.clone(),
                    status: item.status,
                    signed_on: signed.map(|d| crate::model::time::china_time(d.decided_at).date()),
                    signed_by: signed.map(|d| d.decided_by.clone()),
                });
            }
        }
        // Each practice counts once per area it touched, by its setting.
        let mut counts: BTreeMap<(usize, usize), i64> = BTreeMap::new();
        let area_index = |title: &str| framework.areas.iter().position(|a| a.title == title);
        for practice in db.practices(user_id).await? {
            let mut touched: Vec<usize> = practice
                .item_codes
                .iter()
                .filter_map(|c| area_of.get(c.as_str()).and_then(|t| area_index(t)))
                .collect();
            touched.sort_unstable();
            touched.dedup();
            let setting = Setting::ALL
                .iter()
                .position(|s| *s == practice.setting)
                .unwrap_or_default();
            for area in touched {
                *counts.entry((area, setting)).or_default() += 1;
            }
        }
        practice_counts = counts
            .into_iter()
            .filter_map(|((area, setting), count)| {
                Some(PracticeCount {
                    area: framework.areas.get(area)?.title.clone(),
                    setting: *Setting::ALL.get(setting)?,
                    count,
                })
            })
            .collect();
        framework_name = Some(format!("{} v{}", framework.name, framework.version));
    }
    let first_station = stations.first().map(|s| s.id);
    db.record_portfolio_issued(user_id, first_station, how, actor)
        .await?;
    Ok(Portfolio {
        user_id,
        name,
        issued_on: today,
        issued_by: viewer.display_name.clone(),
        qualification,
        roles: facts.roles,
        pairings: facts.pairings,
        framework: framework_name,
        items,
        practice_counts,
        sessions: facts.sessions,
        education,
        activities: facts.activities,
    })
}

/// The portfolio of `user_id`, or of the signed-in person when `None`.
#[server(endpoint = "growth/portfolio")]
pub async fn portfolio_page(user_id: Option<i64>) -> Result<Portfolio, AppError> {
    use crate::server::auth;
    let viewer = auth::viewer().await?;
    let db = auth::db()?;
    let subject = portfolio_subject_for(&db, &viewer, user_id.unwrap_or(viewer.id)).await?;
    issue_portfolio(&db, &viewer, subject, "page", &auth::actor(Some(&viewer))).await
}
