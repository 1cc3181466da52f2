//! Editing the competency framework (county admins) and moving trainees to a newer version.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::competency::Framework;

#[cfg(feature = "ssr")]
use crate::model::{account::Role, permission::Viewer};
#[cfg(feature = "ssr")]
use crate::server::{auth, form};

/// A version in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    pub id: i64,
    /// Name and number, e.g. `新社工实务胜任力清单 v2`.
    pub label: String,
    /// Published (fixed) or still a draft.
    pub published: bool,
    /// Trainees enrolled on it now.
    pub trainees: i64,
}

#[cfg(feature = "ssr")]
async fn county_admin() -> Result<Viewer, AppError> {
    let viewer = auth::viewer().await?;
    if viewer.has_root_role(Role::Admin) {
        Ok(viewer)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Every version, newest first.
#[server(endpoint = "framework/versions")]
pub async fn framework_versions() -> Result<Vec<VersionInfo>, AppError> {
    county_admin().await?;
    Ok(auth::db()?
        .framework_versions()
        .await?
        .into_iter()
        .map(|v| VersionInfo {
            id: v.id,
            label: format!("{} v{}", v.name, v.version),
            published: v.published_at.is_some(),
            trainees: v.trainees,
        })
        .collect())
}

/// One version with its areas and items.
#[server(endpoint = "framework/version")]
pub async fn framework_version(id: i64) -> Result<Framework, AppError> {
    county_admin().await?;
    auth::db()?.framework(id).await?.ok_or(AppError::NotFound)
}

/// Starts a draft copied from the newest version.
#[server(endpoint = "framework/draft")]
pub async fn create_draft() -> Result<(), AppError> {
    let outcome = async {
        let viewer = county_admin().await?;
        let id = auth::db()?
            .create_framework_draft(&auth::actor(Some(&viewer)))
            .await?;
        Ok(format!("/admin/frameworks/{id}?saved=draft_created"))
    }
    .await;
    form::finish(outcome, "/admin/frameworks", &[])
}

/// An item's fields as typed (all text: flattened form fields arrive as strings).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ItemForm {
    /// The draft version.
    pub version_id: String,
    /// The item being edited (empty when adding).
    #[serde(default)]
    pub item_id: String,
    /// Area code, when adding.
    #[serde(default)]
    pub area_code: String,
    /// Item code, when adding.
    #[serde(default)]
    pub code: String,
    pub title: String,
    /// Description (Markdown).
    #[serde(default)]
    pub description: String,
    /// What to look for.
    #[serde(default)]
    pub evidence: String,
    /// Independent practices needed.
    pub min_independent: String,
    /// Of which real and observed.
    pub min_real_observed: String,
}

#[cfg(feature = "ssr")]
fn item_edit(input: &ItemForm) -> Result<crate::server::db::framework::ItemEdit, AppError> {
    use crate::model::competency::SignOffRule;
    use crate::model::text::{optional_multiline, optional_text, required_text};

    let count = |field: &str, raw: &str| -> Result<u32, AppError> {
        raw.trim()
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= 10)
            .ok_or_else(|| AppError::invalid(field, "count_range"))
    };
    let rule = SignOffRule {
        min_independent: count("min_independent", &input.min_independent)?,
        min_real_observed: count("min_real_observed", &input.min_real_observed)?,
    };
    if rule.min_real_observed > rule.min_independent {
        return Err(AppError::invalid("min_real_observed", "real_exceeds_total"));
    }
    Ok(crate::server::db::framework::ItemEdit {
        title: required_text("title", &input.title, 120)?,
        description_md: optional_multiline("description", &input.description, 5000)?
            .unwrap_or_default(),
        evidence: optional_text("evidence", &input.evidence, 500)?.unwrap_or_default(),
        rule,
    })
}

/// Saves an item of the draft.
#[server(endpoint = "framework/edit_item")]
pub async fn edit_item(#[server(flatten)] input: ItemForm) -> Result<(), AppError> {
    let back = format!("/admin/frameworks/{}", input.version_id.trim());
    let outcome = async {
        county_admin().await?;
        let item_id = crate::model::text::parse_id("item_id", &input.item_id)?;
        let version = auth::db()?
            .edit_draft_item(item_id, &item_edit(&input)?)
            .await?;
        Ok(format!("/admin/frameworks/{version}?saved=item_saved"))
    }
    .await;
    form::finish(outcome, &back, &[])
}

/// Adds an item to an area of the draft; its code must start with the area's letter.
#[server(endpoint = "framework/add_item")]
pub async fn add_item(#[server(flatten)] input: ItemForm) -> Result<(), AppError> {
    let back = format!("/admin/frameworks/{}", input.version_id.trim());
    let outcome = async {
        county_admin().await?;
        let version = crate::model::text::parse_id("version_id", &input.version_id)?;
        let area = input.area_code.trim().to_ascii_uppercase();
        let code = input.code.trim().to_ascii_uppercase();
        let valid = code.len() <= 4
            && code.starts_with(&area)
            && !area.is_empty()
            && code.len() > area.len()
            && code[area.len()..].chars().all(|c| c.is_ascii_digit());
        if !valid {
            return Err(AppError::invalid("code", "item_code_format"));
        }
        auth::db()?
            .add_draft_item(version, &area, &code, &item_edit(&input)?)
            .await?;
        Ok(format!("{back}?saved=item_added"))
    }
    .await;
    form::finish(outcome, &back, &[])
}

/// Removes an item from the draft.
#[server(endpoint = "framework/remove_item")]
pub async fn remove_item(version_id: i64, item_id: i64) -> Result<(), AppError> {
    let back = format!("/admin/frameworks/{version_id}");
    let outcome = async {
        county_admin().await?;
        auth::db()?.remove_draft_item(item_id).await?;
        Ok(format!("{back}?saved=item_removed"))
    }
    .await;
    form::finish(outcome, &back, &[])
}

/// Publishes the draft; it never changes again.
#[server(endpoint = "framework/publish")]
pub async fn publish(version_id: i64) -> Result<(), AppError> {
    let outcome = async {
        let viewer = county_admin().await?;
        auth::db()?
            .publish_framework(version_id, &auth::actor(Some(&viewer)))
            .await?;
        Ok("/admin/frameworks?saved=published".to_owned())
    }
    .await;
    form::finish(outcome, &format!("/admin/frameworks/{version_id}"), &[])
}

/// Moves a trainee to the newest published version (an admin of their station). Sign-offs of
/// items that still exist carry over: statuses follow item codes.
#[server(endpoint = "framework/move_trainee")]
pub async fn move_trainee(trainee_id: i64) -> Result<(), AppError> {
    let back = format!("/progress/{trainee_id}");
    let outcome = async {
        let viewer = auth::viewer().await?;
        let db = auth::db()?;
        let (station, _) = db
            .trainee_station(trainee_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !viewer.has_role_at(Role::Admin, &station) {
            return Err(AppError::Forbidden);
        }
        let latest = db
            .latest_published_version()
            .await?
            .ok_or(AppError::NotFound)?;
        if db.enrolled_version(trainee_id).await? == Some(latest) {
            return Err(AppError::Conflict("already_enrolled".into()));
        }
        db.enrol(trainee_id, latest, &auth::actor(Some(&viewer)))
            .await?;
        Ok(format!("{back}?saved=moved"))
    }
    .await;
    form::finish(outcome, &back, &[])
}
