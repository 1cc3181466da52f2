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
    let locale = use_context::<axum::http::request::Parts>()
        .map(|p| auth::locale_from_headers(&p.headers))
        .unwrap_or_default();
    crate::server::overview::load_overview(&auth::db()?, &viewer, &query, locale).await
}
