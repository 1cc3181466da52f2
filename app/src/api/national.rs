//! The export for the national volunteer information system: what the page shows before the
//! download (the download itself is a plain HTTP route, like the other CSV files).

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::national::NationalSummary;

/// The records and volunteers the export of the period typed would hold, or what is wrong with
/// the period. Coordinators only: the files hold personal data (domain brief §6.4).
#[server(endpoint = "volunteers/national")]
pub async fn national_export_summary(
    from: String,
    to: String,
) -> Result<NationalSummary, AppError> {
    let viewer = crate::server::auth::viewer().await?;
    if !viewer.can_export_personal_data() {
        return Err(AppError::Forbidden);
    }
    let db = crate::server::auth::db()?;
    crate::server::csv::national_summary(&db, &viewer, &from, &to).await
}
