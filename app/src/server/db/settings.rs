//! Settings kept in the database (county admins change them; audited): oversight thresholds,
//! hour rules and star levels.

use super::Db;
use super::audit::Actor;
use super::audit::NewAudit;
use crate::error::AppError;
use crate::model::mentorship::Thresholds;
use crate::model::volunteer::{HourRules, StarThresholds};

impl Db {
    /// Every setting as stored.
    async fn settings_map(&self) -> Result<Vec<(String, i64)>, AppError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_as("SELECT key, value FROM settings").fetch_all(pool).await?
        }))
    }

    /// The record cap and late-entry window.
    pub async fn hour_rules(&self) -> Result<HourRules, AppError> {
        let mut rules = HourRules::default();
        for (key, value) in self.settings_map().await? {
            match key.as_str() {
                "record_cap_minutes" => rules.cap_minutes = value,
                "late_entry_days" => rules.late_days = value,
                _ => {}
            }
        }
        Ok(rules)
    }

    /// The star-level thresholds in hours.
    pub async fn star_thresholds(&self) -> Result<StarThresholds, AppError> {
        let mut stars = StarThresholds::default();
        for (key, value) in self.settings_map().await? {
            if let Some(n) = key
                .strip_prefix("star_")
                .and_then(|n| n.strip_suffix("_hours"))
                .and_then(|n| n.parse::<usize>().ok())
                && (1..=5).contains(&n)
            {
                stars.0[n - 1] = value;
            }
        }
        Ok(stars)
    }

    /// Saves star thresholds and hour rules (audited).
    pub async fn set_volunteer_settings(
        &self,
        stars: StarThresholds,
        rules: HourRules,
        actor: &Actor,
    ) -> Result<(), AppError> {
        let mut pairs: Vec<(String, i64)> = stars
            .0
            .iter()
            .enumerate()
            .map(|(i, h)| (format!("star_{}_hours", i + 1), *h))
            .collect();
        pairs.push(("record_cap_minutes".into(), rules.cap_minutes));
        pairs.push(("late_entry_days".into(), rules.late_days));
        self.save_settings(
            &pairs,
            "volunteer_settings_changed",
            format!("{stars:?} {rules:?}"),
            actor,
        )
        .await
    }

    /// The oversight thresholds.
    pub async fn thresholds(&self) -> Result<Thresholds, AppError> {
        let mut t = Thresholds::default();
        for (key, value) in self.settings_map().await? {
            match key.as_str() {
                "mentor_load_limit" => t.mentor_load_limit = value,
                "supervision_overdue_days" => t.supervision_overdue_days = value,
                "signoff_wait_days" => t.signoff_wait_days = value,
                _ => {}
            }
        }
        Ok(t)
    }

    /// Saves the thresholds (audited).
    pub async fn set_thresholds(&self, t: Thresholds, actor: &Actor) -> Result<(), AppError> {
        let pairs = [
            ("mentor_load_limit".to_owned(), t.mentor_load_limit),
            (
                "supervision_overdue_days".to_owned(),
                t.supervision_overdue_days,
            ),
            ("signoff_wait_days".to_owned(), t.signoff_wait_days),
        ];
        self.save_settings(&pairs, "settings_changed", format!("{t:?}"), actor)
            .await
    }

    /// Writes settings and one audit entry in a transaction.
    async fn save_settings(
        &self,
        pairs: &[(String, i64)],
        action: &'static str,
        detail: String,
        actor: &Actor,
    ) -> Result<(), AppError> {
        with_tx!(self, tx => {
            for (key, value) in pairs {
                sqlx::query(
                    "INSERT INTO settings (key, value) VALUES ($1, $2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )
                .bind(key)
                .bind(value)
                .execute(&mut *tx)
                .await?;
            }
            audit!(&mut *tx, &NewAudit {
                action,
                detail: Some(detail),
                ..NewAudit::from(actor)
            });
        });
        Ok(())
    }
}
