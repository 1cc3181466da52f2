//! Competencies: the framework, practices and the sign-off rule (domain brief §4).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::offline::ClientId;

/// Where a practice happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Setting {
    /// 实地: a real visit.
    Real,
    /// 模拟: a role-play.
    Roleplay,
    /// 跟岗观摩: shadowing a colleague (observation; never counts towards sign-off).
    Shadowing,
}

/// How the practice went (self-rated by the trainee, or rated by an observing mentor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    /// 未观察: not yet observed.
    NotObserved,
    /// 指导下完成: done with prompting.
    Prompted,
    /// 独立完成: done independently.
    Independent,
}

/// A mentor's decision on a competency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// 达标: competent.
    Competent,
    /// 需再练习: needs more practice.
    NeedsPractice,
    /// 撤销: an earlier 达标 withdrawn, with a reason.
    Revoked,
}

/// Where a trainee stands on one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemStatus {
    /// 未开始
    NotStarted,
    /// 练习中
    Practising,
    /// 待审核
    Pending,
    /// 达标
    Competent,
    /// 需再练习
    NeedsPractice,
}

string_enum!(Setting, "setting" { Real => "real", Roleplay => "roleplay", Shadowing => "shadowing" });
string_enum!(Level, "level" { NotObserved => "not_observed", Prompted => "prompted", Independent => "independent" });
string_enum!(Outcome, "outcome" { Competent => "competent", NeedsPractice => "needs_practice", Revoked => "revoked" });
string_enum!(ItemStatus, "itemstatus" {
    NotStarted => "not_started",
    Practising => "practising",
    Pending => "pending",
    Competent => "competent",
    NeedsPractice => "needs_practice",
});

/// An item's sign-off rule: how many independent practices, and how many of them on real visits
/// a mentor observed. Default (domain brief §4): two, one of them real and observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOffRule {
    /// Practices rated 独立完成 needed (real or role-play).
    pub min_independent: u32,
    /// Of those, how many must be real visits observed by the mentor.
    pub min_real_observed: u32,
}

impl Default for SignOffRule {
    fn default() -> Self {
        Self {
            min_independent: 2,
            min_real_observed: 1,
        }
    }
}

/// What the rule needs to know about one practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PracticeFact {
    /// Where.
    pub setting: Setting,
    /// How well.
    pub level: Level,
    /// Did a mentor observe it, confirmed by that mentor (a trainee's claim alone is not).
    pub mentor_observed: bool,
}

/// How far a trainee is from meeting an item's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleProgress {
    /// Independent practices still needed (of any counting setting).
    pub missing_independent: u32,
    /// Real, observed, independent practices still needed.
    pub missing_real_observed: u32,
}

impl RuleProgress {
    /// True when sign-off may be requested.
    pub fn met(self) -> bool {
        self.missing_independent == 0 && self.missing_real_observed == 0
    }
}

/// Applies `rule` to the (not withdrawn) practices of one item. Shadowing never counts: the
/// trainee watched someone else.
pub fn rule_progress(rule: SignOffRule, practices: &[PracticeFact]) -> RuleProgress {
    let independent = practices
        .iter()
        .filter(|p| p.level == Level::Independent && p.setting != Setting::Shadowing);
    let count = u32::try_from(independent.clone().count()).unwrap_or(u32::MAX);
    let real_observed = u32::try_from(
        independent
            .filter(|p| p.setting == Setting::Real && p.mentor_observed)
            .count(),
    )
    .unwrap_or(u32::MAX);
    RuleProgress {
        missing_independent: rule.min_independent.saturating_sub(count),
        missing_real_observed: rule.min_real_observed.saturating_sub(real_observed),
    }
}

/// An item's status from its history: a waiting request wins, then the latest decision, then
/// whether anything was practised. A revoked sign-off returns the item to practising.
pub fn item_status(pending: bool, latest: Option<Outcome>, practices: usize) -> ItemStatus {
    match (pending, latest) {
        (true, _) => ItemStatus::Pending,
        (false, Some(Outcome::Competent)) => ItemStatus::Competent,
        (false, Some(Outcome::NeedsPractice)) => ItemStatus::NeedsPractice,
        _ if practices > 0 => ItemStatus::Practising,
        _ => ItemStatus::NotStarted,
    }
}

/// Whether a trainee may ask for sign-off on an item in `status` whose rule stands at `rule`:
/// the one rule behind the progress page's button and the server's check. `Err` names why not.
pub fn may_request_signoff(status: ItemStatus, rule: RuleProgress) -> Result<(), &'static str> {
    match status {
        ItemStatus::Competent => Err("already_competent"),
        ItemStatus::Pending => Err("already_pending"),
        _ if !rule.met() => Err("rule_not_met"),
        _ => Ok(()),
    }
}

/// Age bands: enough to choose how to talk with a child, never a birth date.
pub const AGE_BANDS: [&str; 6] = ["0-5", "6-11", "12-14", "15-17", "18-59", "60+"];

/// One item of a framework version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Item id (version-specific).
    pub id: i64,
    /// Stable code across versions, e.g. `B1`.
    pub code: String,
    pub title: String,
    /// Description as sanitised HTML (rendered from Markdown on the server).
    pub description_html: String,
    /// The Markdown source, for editing drafts.
    pub description_md: String,
    /// What the mentor looks for.
    pub evidence: String,
    /// The sign-off rule.
    pub rule: SignOffRule,
}

/// One area (A–E) with its items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    /// `A`…
    pub code: String,
    pub title: String,
    /// Items in order.
    pub items: Vec<Item>,
}

/// A framework version with its areas and items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Framework {
    pub version_id: i64,
    /// Framework name.
    pub name: String,
    /// Version number (1, 2, …).
    pub version: i64,
    /// `None` while a draft.
    pub published_at: Option<DateTime<Utc>>,
    /// Areas in order.
    pub areas: Vec<Area>,
}

/// A practice as lists and the review page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Practice {
    /// Practice id.
    pub id: i64,
    /// Trainee.
    pub trainee_id: i64,
    /// When.
    pub practised_on: NaiveDate,
    /// Items practised (codes).
    pub item_codes: Vec<String>,
    /// Where.
    pub setting: Setting,
    /// How well.
    pub level: Level,
    /// The trainee says a mentor observed it (a claim until confirmed).
    pub mentor_observed: bool,
    /// A paired mentor confirmed the observation (or recorded the practice themselves); only
    /// then does it count as observed.
    pub observation_confirmed: bool,
    /// Project name, if any.
    pub project: Option<String>,
    pub township: String,
    pub village: String,
    /// Beneficiary pseudonym (化名).
    pub alias: String,
    /// Beneficiary age band.
    pub age_band: String,
    /// Reflection, sanitised HTML.
    pub reflection_html: String,
    /// Reflection source, for editing.
    pub reflection_md: String,
    /// Used as evidence by a decision: fixed from then on.
    pub locked: bool,
    /// Who recorded it (the trainee, or a mentor recording an observation).
    pub recorded_by: String,
}

/// The practice form as typed; every field is text until validated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeInput {
    /// The practice being edited (empty when logging a new one).
    #[serde(default)]
    pub id: String,
    /// The trainee a mentor is recording an observed practice for (empty for one's own).
    #[serde(default)]
    pub for_trainee: String,
    /// `YYYY-MM-DD`.
    pub practised_on: String,
    /// Item codes, comma-separated (checkboxes are joined by the server function).
    #[serde(default)]
    pub items: String,
    /// Setting name.
    #[serde(default)]
    pub setting: String,
    /// Level name.
    #[serde(default)]
    pub level: String,
    /// `on` when ticked.
    #[serde(default)]
    pub mentor_observed: Option<String>,
    /// Project id or empty.
    #[serde(default)]
    pub project_id: String,
    /// Township.
    #[serde(default)]
    pub township: String,
    /// Village.
    #[serde(default)]
    pub village: String,
    /// Pseudonym.
    #[serde(default)]
    pub alias: String,
    /// Age band.
    #[serde(default)]
    pub age_band: String,
    /// Reflection Markdown.
    #[serde(default)]
    pub reflection: String,
    /// The id the phone's outbox gave it (empty when posted directly).
    #[serde(default)]
    pub client_id: String,
    /// Everything else the form sent: one `item_<code>` checkbox per ticked item.
    #[serde(flatten, default)]
    pub checked: std::collections::BTreeMap<String, String>,
}

impl PracticeInput {
    /// The ticked item codes: `item_<code>` checkboxes plus the comma-separated `items` field
    /// (which carries the ticks back after a rejected post), sorted and deduplicated.
    pub fn item_codes(&self) -> Vec<String> {
        let mut codes: Vec<String> = self
            .items
            .split(',')
            .chain(self.checked.keys().filter_map(|k| k.strip_prefix("item_")))
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        codes.sort();
        codes.dedup();
        codes
    }
}

/// A waiting sign-off request as the mentor's queue shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub request_id: i64,
    pub trainee_id: i64,
    pub trainee_name: String,
    pub item_code: String,
    pub item_title: String,
    /// When requested.
    pub requested_at: DateTime<Utc>,
}

/// A practice whose trainee says a mentor observed it, waiting for a paired mentor's word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObservationClaim {
    pub practice_id: i64,
    pub trainee_id: i64,
    pub trainee_name: String,
    /// When practised.
    pub practised_on: NaiveDate,
    /// Items practised (codes, comma-separated).
    pub items: String,
    /// Where.
    pub setting: Setting,
    /// How well.
    pub level: Level,
}

impl Framework {
    /// Every item code of this version.
    pub fn codes(&self) -> Vec<String> {
        self.areas
            .iter()
            .flat_map(|a| a.items.iter().map(|i| i.code.clone()))
            .collect()
    }

    /// The item with `code`.
    pub fn item(&self, code: &str) -> Option<&Item> {
        self.areas
            .iter()
            .flat_map(|a| a.items.iter())
            .find(|i| i.code == code)
    }
}

/// A validated practice, ready for the data layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPractice {
    /// When.
    pub practised_on: NaiveDate,
    pub item_codes: Vec<String>,
    /// Where.
    pub setting: Setting,
    /// How well.
    pub level: Level,
    /// Observed.
    pub mentor_observed: bool,
    /// Project.
    pub project_id: Option<i64>,
    pub township: String,
    pub village: String,
    /// Pseudonym.
    pub alias: String,
    pub age_band: String,
    /// Reflection Markdown.
    pub reflection_md: String,
    /// The id a phone gave it while offline, so a resend is stored once.
    pub client_id: Option<ClientId>,
}

/// Longest reflection accepted (characters).
pub const MAX_REFLECTION_CHARS: usize = 5000;

impl PracticeInput {
    /// Validates the form against `today` (China date) and the item codes that exist.
    pub fn validate(
        &self,
        today: NaiveDate,
        known_codes: &[String],
    ) -> Result<NewPractice, AppError> {
        use crate::model::privacy::optional_note;
        use crate::model::text::Lines;
        let practised_on = crate::model::time::parse_day(&self.practised_on)
            .ok_or_else(|| AppError::invalid("practised_on", "date_format"))?;
        if practised_on > today {
            return Err(AppError::invalid("practised_on", "date_in_future"));
        }
        let item_codes = self.item_codes();
        if item_codes.is_empty() {
            return Err(AppError::invalid("items", "choose_item"));
        }
        if item_codes.iter().any(|c| !known_codes.contains(c)) {
            return Err(AppError::invalid("items", "unknown_item"));
        }
        let setting =
            Setting::parse(&self.setting).ok_or(AppError::invalid("setting", "required"))?;
        let level = Level::parse(&self.level).ok_or(AppError::invalid("level", "required"))?;
        let project_id = if self.project_id.trim().is_empty() {
            None
        } else {
            Some(crate::model::text::parse_id(
                "project_id",
                &self.project_id,
            )?)
        };
        let township =
            optional_note("township", &self.township, 40, Lines::One)?.unwrap_or_default();
        let village = optional_note("village", &self.village, 40, Lines::One)?.unwrap_or_default();
        let alias = optional_note("alias", &self.alias, 20, Lines::One)?.unwrap_or_default();
        let age_band = self.age_band.trim().to_owned();
        if !age_band.is_empty() && !AGE_BANDS.contains(&age_band.as_str()) {
            return Err(AppError::invalid("age_band", "required"));
        }
        let reflection_md = optional_note(
            "reflection",
            &self.reflection,
            MAX_REFLECTION_CHARS,
            Lines::Many,
        )?
        .unwrap_or_default();
        Ok(NewPractice {
            practised_on,
            item_codes,
            setting,
            level,
            mentor_observed: self
                .mentor_observed
                .as_deref()
                .is_some_and(|v| !v.is_empty()),
            project_id,
            township,
            village,
            alias,
            age_band,
            reflection_md,
            client_id: ClientId::from_form(&self.client_id)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(setting: Setting, level: Level, observed: bool) -> PracticeFact {
        PracticeFact {
            setting,
            level,
            mentor_observed: observed,
        }
    }

    #[test]
    fn default_rule_needs_two_independent_one_real_and_observed() {
        let rule = SignOffRule::default();
        assert_eq!(
            rule_progress(rule, &[]),
            RuleProgress {
                missing_independent: 2,
                missing_real_observed: 1
            }
        );
        let roleplay = p(Setting::Roleplay, Level::Independent, false);
        let real_seen = p(Setting::Real, Level::Independent, true);
        assert_eq!(
            rule_progress(rule, &[roleplay, roleplay]),
            RuleProgress {
                missing_independent: 0,
                missing_real_observed: 1
            }
        );
        assert!(rule_progress(rule, &[roleplay, real_seen]).met());
        assert!(rule_progress(rule, &[real_seen, real_seen]).met());
    }

    #[test]
    fn unobserved_prompted_and_shadowing_practices_do_not_count() {
        let rule = SignOffRule::default();
        let real_unseen = p(Setting::Real, Level::Independent, false);
        let real_prompted = p(Setting::Real, Level::Prompted, true);
        let shadowing = p(Setting::Shadowing, Level::Independent, true);
        let progress = rule_progress(rule, &[real_unseen, real_prompted, shadowing]);
        assert_eq!(
            progress,
            RuleProgress {
                missing_independent: 1,
                missing_real_observed: 1
            }
        );
        assert!(!progress.met());
        assert_eq!(
            may_request_signoff(ItemStatus::Practising, progress),
            Err("rule_not_met")
        );
        let real_seen = p(Setting::Real, Level::Independent, true);
        let met = rule_progress(rule, &[real_seen, real_seen]);
        assert_eq!(may_request_signoff(ItemStatus::Practising, met), Ok(()));
        assert_eq!(may_request_signoff(ItemStatus::NeedsPractice, met), Ok(()));
        assert_eq!(
            may_request_signoff(ItemStatus::Pending, met),
            Err("already_pending")
        );
        assert_eq!(
            may_request_signoff(ItemStatus::Competent, met),
            Err("already_competent")
        );
    }

    #[test]
    fn rules_are_per_item() {
        let strict = SignOffRule {
            min_independent: 3,
            min_real_observed: 2,
        };
        let real_seen = p(Setting::Real, Level::Independent, true);
        assert_eq!(
            rule_progress(strict, &[real_seen, real_seen]),
            RuleProgress {
                missing_independent: 1,
                missing_real_observed: 0
            }
        );
    }

    #[test]
    fn status_prefers_waiting_requests_then_the_latest_decision() {
        assert_eq!(item_status(false, None, 0), ItemStatus::NotStarted);
        assert_eq!(item_status(false, None, 2), ItemStatus::Practising);
        assert_eq!(
            item_status(true, Some(Outcome::NeedsPractice), 2),
            ItemStatus::Pending
        );
        assert_eq!(
            item_status(false, Some(Outcome::Competent), 2),
            ItemStatus::Competent
        );
        assert_eq!(
            item_status(false, Some(Outcome::NeedsPractice), 2),
            ItemStatus::NeedsPractice
        );
        assert_eq!(
            item_status(false, Some(Outcome::Revoked), 2),
            ItemStatus::Practising
        );
    }

    #[test]
    fn practice_form_validation_keeps_children_safe() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
        let codes = vec!["B1".to_owned(), "D1".to_owned()];
        let good = PracticeInput {
            practised_on: "2026-11-28".into(),
            items: "D1".into(),
            checked: [("item_B1".to_owned(), "on".to_owned())]
                .into_iter()
                .collect(),
            setting: "real".into(),
            level: "independent".into(),
            mentor_observed: Some("on".into()),
            alias: "小花".into(),
            age_band: "6-11".into(),
            reflection: "先取得监护人同意。".into(),
            ..PracticeInput::default()
        };
        let ok = good.validate(today, &codes).expect("valid");
        assert_eq!(ok.item_codes, vec!["B1", "D1"]);
        assert!(ok.mentor_observed);

        let future = PracticeInput {
            practised_on: "2026-11-30".into(),
            ..good.clone()
        };
        assert_eq!(
            future.validate(today, &codes),
            Err(AppError::invalid("practised_on", "date_in_future"))
        );
        let none = PracticeInput {
            items: String::new(),
            checked: std::collections::BTreeMap::new(),
            ..good.clone()
        };
        assert_eq!(
            none.validate(today, &codes),
            Err(AppError::invalid("items", "choose_item"))
        );
        let id = PracticeInput {
            reflection: "孩子身份证430422201001011234".into(),
            ..good.clone()
        };
        assert_eq!(
            id.validate(today, &codes),
            Err(AppError::invalid("reflection", "contains_id_number"))
        );
        let unknown = PracticeInput {
            items: "Z9".into(),
            ..good
        };
        assert_eq!(
            unknown.validate(today, &codes),
            Err(AppError::invalid("items", "unknown_item"))
        );
    }
}
