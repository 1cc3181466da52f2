//! Markdown preview: the server renders, so the preview matches what will be saved.

use leptos::prelude::*;

use crate::error::AppError;

/// Renders Markdown with the server's sanitiser; for signed-in people only.
#[server(endpoint = "markdown/preview")]
pub async fn preview_markdown(text: String) -> Result<String, AppError> {
    crate::server::auth::viewer().await?;
    let text =
        crate::model::text::optional_multiline("reflection", &text, 5000)?.unwrap_or_default();
    Ok(crate::server::markdown::render(&text))
}
