//! Assembles the overview of a node for a signed-in person: who may see which node, the roll-up
//! of the data layer's per-station figures, and the trend charts. Shared by the page's server
//! function and the download.

use crate::error::AppError;
use crate::i18n::Locale;
use crate::model::overview::{
    OverviewData, OverviewQuery, OverviewRow, Period, fill_months, last_twelve_months, roll_up,
};
use crate::model::permission::{Scope, Viewer};
use crate::model::time::china_today;
use crate::server::chart::trend_bars;
use crate::server::db::Db;

/// The top node where `viewer` holds a coordinator or admin role (the root for a role there).
pub async fn own_node(db: &Db, viewer: &Viewer) -> Result<i64, AppError> {
    match viewer.volunteer_scope() {
        Scope::All => db
            .station_children(None)
            .await?
            .first()
            .map(|s| s.id)
            .ok_or(AppError::NotFound),
        Scope::Within(paths) => paths
            .iter()
            .min_by_key(|p| p.len())
            .and_then(|p| crate::model::station::path_ids(p).last().copied())
            .ok_or(AppError::Forbidden),
    }
}

/// The overview `query` asks for, if `viewer` (a coordinator or admin) may see that node: the
/// node must lie in the subtrees where they hold one of those roles. Without a node, their own
/// top node.
pub async fn load_overview(
    db: &Db,
    viewer: &Viewer,
    query: &OverviewQuery,
    locale: Locale,
) -> Result<OverviewData, AppError> {
    let scope = viewer.volunteer_scope();
    let node_id = match query.node {
        Some(id) => id,
        None => own_node(db, viewer).await?,
    };
    let node = db.station(node_id).await?.ok_or(AppError::NotFound)?;
    if !scope.covers(&node.station_ref()) {
        return Err(AppError::Forbidden);
    }
    let today = china_today();
    let period = Period::resolve(query.period, today, query.from, query.to)?;
    let months = last_twelve_months(today);
    let since = months
        .first()
        .and_then(|m| chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok())
        .unwrap_or(today);
    // Independent reads, at once: the page waits for the slowest, not for their sum.
    let (trail, children, with_children, shares, trends, thresholds) = tokio::try_join!(
        db.station_trail(&node),
        db.station_children(Some(node.id)),
        db.stations_with_children(node.id),
        db.overview_shares(&node.path, &period, today),
        db.overview_trends(&node.path, since),
        db.thresholds(),
    )?;
    let trail = trail
        .into_iter()
        .filter(|s| scope.covers(&s.station_ref()))
        .collect();
    let (figures, own, total) = roll_up(&node, &children, &shares);
    let rows = children
        .into_iter()
        .zip(figures)
        .map(|(station, figures)| OverviewRow {
            has_children: with_children.contains(&station.id),
            station,
            figures,
        })
        .collect();
    let count = |n: i64| n.to_string();
    let charts = vec![
        (
            "overview.trend_hours",
            trend_bars(
                &fill_months(&months, &trends.service_minutes),
                &locale.t("overview.trend_hours"),
                |m| (m / 60).to_string(),
            ),
        ),
        (
            "overview.trend_practices",
            trend_bars(
                &fill_months(&months, &trends.practices),
                &locale.t("overview.trend_practices"),
                count,
            ),
        ),
        (
            "overview.trend_sessions",
            trend_bars(
                &fill_months(&months, &trends.sessions),
                &locale.t("overview.trend_sessions"),
                count,
            ),
        ),
    ]
    .into_iter()
    .map(|(k, svg)| (k.to_owned(), svg))
    .collect();
    Ok(OverviewData {
        node,
        trail,
        period,
        today,
        rows,
        own: (own != Default::default()).then_some(own),
        total,
        thresholds,
        charts,
    })
}
