//! The overview of a node of the station tree (county, city, province or one station).

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::overview::{OverviewData, OverviewQuery};

/// The overview `query` asks for; for coordinators and admins of that node or a node above it.
#[server(endpoint = "overview")]
pub async fn overview(#[server(default)] query: OverviewQuery) -> Result<OverviewData, AppError> {
    use crate::server::auth;

    let viewer = auth::viewer().await?;
    if !viewer.is_volunteer_staff() {
        return Err(AppError::Forbidden);
    }
    crate::server::overview::load_overview(&auth::db()?, &viewer, &query, locale()).await
}

/// The language of this request.
#[cfg(feature = "ssr")]
fn locale() -> crate::i18n::Locale {
    use_context::<axum::http::request::Parts>()
        .map(|p| crate::server::auth::locale_from_headers(&p.headers))
        .unwrap_or_default()
}

/// The home page's overview: this person's own node for this month, when it has nodes under it
/// (county, city and province accounts); `None` for everyone else, without running the
/// overview's queries.
#[server(endpoint = "overview/home")]
pub async fn home_overview() -> Result<Option<OverviewData>, AppError> {
    use crate::server::auth;
    use crate::server::overview::{load_overview, own_node};

    let viewer = auth::viewer().await?;
    if !viewer.is_volunteer_staff() {
        return Ok(None);
    }
    let db = auth::db()?;
    let node = own_node(&db, &viewer).await?;
    if db.station_children(Some(node)).await?.is_empty() {
        return Ok(None);
    }
    let query = OverviewQuery {
        node: Some(node),
        ..OverviewQuery::default()
    };
    load_overview(&db, &viewer, &query, locale())
        .await
        .map(Some)
}
