//! Volunteers, activities and hour records: the rules of domain brief §3 and §6 written once,
//! used by the forms in the browser and again by the server.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::account::Mobile;
use crate::model::text::{optional_text, parse_id, required_text};

/// Hours as people read them: one decimal, rounded down so no one is credited a minute they
/// did not serve (design rule 1: never round up silently).
pub fn format_hours(minutes: i64) -> String {
    let tenths = minutes.max(0) * 10 / 60;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Parses a clock time `HH:MM` into minutes after midnight.
pub fn parse_clock(field: &str, raw: &str) -> Result<i64, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::invalid(field, "required"));
    }
    let (h, m) = raw
        .split_once(':')
        .ok_or_else(|| AppError::invalid(field, "time_format"))?;
    let (h, m): (i64, i64) = match (h.parse(), m.get(..2).unwrap_or(m).parse()) {
        (Ok(h), Ok(m)) if (0..24).contains(&h) && (0..60).contains(&m) => (h, m),
        _ => return Err(AppError::invalid(field, "time_format")),
    };
    Ok(h * 60 + m)
}

/// Minutes after midnight as `HH:MM`.
pub fn format_clock(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Parses a date typed into `field` (`YYYY-MM-DD`).
pub fn parse_date(field: &str, raw: &str) -> Result<NaiveDate, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::invalid(field, "required"));
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| AppError::invalid(field, "date_format"))
}

/// A 1-based page number from a query parameter; anything unreadable is page 1.
fn page_param(raw: Option<String>) -> i64 {
    raw.and_then(|v| v.parse().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}

/// True if the two time ranges on the same day share at least one minute.
pub fn overlaps(a: (i64, i64), b: (i64, i64)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The configurable limits on one hour record (settings; defaults from the domain brief).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HourRules {
    /// Longest single record accepted without a reason (default 12 h).
    pub cap_minutes: i64,
    /// Days after the activity after which an entry is a late entry (补录) (default 30).
    pub late_days: i64,
}

impl Default for HourRules {
    fn default() -> Self {
        Self {
            cap_minutes: 12 * 60,
            late_days: 30,
        }
    }
}

/// What the rules found about a record that passed them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckedTimes {
    /// Whole minutes served.
    pub minutes: i64,
    /// A late entry: needs a reason (checked) and a second approver, and stays marked.
    pub late: bool,
}

/// A proposed record's times and reasons, before the rules.
#[derive(Debug, Clone, Copy)]
pub struct ProposedTimes<'a> {
    /// The day served.
    pub served_on: NaiveDate,
    /// Start, minutes after midnight.
    pub start_min: i64,
    /// End, minutes after midnight.
    pub end_min: i64,
    /// Why the record is over the cap, if it is.
    pub over_cap_reason: Option<&'a str>,
    /// Why the record is entered late, if it is.
    pub late_reason: Option<&'a str>,
}

impl HourRules {
    /// Applies design rule 4 to a record entered on `today`: end after start, not in the future,
    /// over the cap only with a reason, late only with a reason. `allow_zero` lets a correction
    /// void a record (start = end). Overlap needs the database and is checked there.
    pub fn check(
        self,
        p: &ProposedTimes<'_>,
        today: NaiveDate,
        allow_zero: bool,
    ) -> Result<CheckedTimes, AppError> {
        if p.served_on > today {
            return Err(AppError::invalid("served_on", "future_date"));
        }
        if p.end_min < p.start_min || (p.end_min == p.start_min && !allow_zero) {
            return Err(AppError::invalid("end", "end_before_start"));
        }
        let minutes = p.end_min - p.start_min;
        let has = |r: Option<&str>| r.is_some_and(|r| !r.trim().is_empty());
        if minutes > self.cap_minutes && !has(p.over_cap_reason) {
            return Err(AppError::invalid(
                "over_cap_reason",
                "over_cap_needs_reason",
            ));
        }
        let late = (today - p.served_on).num_days() > self.late_days;
        if late && !has(p.late_reason) {
            return Err(AppError::invalid("late_reason", "late_needs_reason"));
        }
        Ok(CheckedTimes { minutes, late })
    }
}

/// Star-level thresholds in hours (一星 … 五星), from confirmed service hours only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StarThresholds(pub [i64; 5]);

impl Default for StarThresholds {
    fn default() -> Self {
        Self([100, 300, 600, 1000, 1500])
    }
}

impl StarThresholds {
    /// The star level (0 = none, 1–5) for `minutes` of confirmed service.
    pub fn level(self, minutes: i64) -> u8 {
        let reached = self.0.iter().filter(|h| minutes >= **h * 60).count();
        u8::try_from(reached).unwrap_or(5)
    }

    /// The service minutes a level spans: `[from, to)`; `to` is `None` for five stars.
    pub fn minutes_range(self, level: u8) -> (i64, Option<i64>) {
        let idx = usize::from(level.min(5));
        let from = if idx == 0 { 0 } else { self.0[idx - 1] * 60 };
        let to = self.0.get(idx).map(|h| h * 60);
        (from, to)
    }

    /// Thresholds must rise strictly and be positive.
    pub fn validate(self) -> Result<Self, AppError> {
        if self.0[0] > 0 && self.0.windows(2).all(|w| w[0] < w[1]) {
            Ok(self)
        } else {
            Err(AppError::invalid("star_1", "thresholds_must_rise"))
        }
    }
}

/// The kind of identity document a volunteer gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IdType {
    /// 居民身份证: 18 characters with a check digit.
    ResidentId,
    /// 护照 or another document: 5–20 letters and digits.
    Other,
}

impl IdType {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            IdType::ResidentId => "resident_id",
            IdType::Other => "other",
        }
    }

    /// Parses the stored name.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "resident_id" => Some(IdType::ResidentId),
            "other" => Some(IdType::Other),
            _ => None,
        }
    }
}

/// The check character of a resident ID number's first 17 digits (GB 11643, ISO 7064 MOD 11-2).
fn resident_id_check(first17: &[u8]) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize]
}

/// Validates an ID number of `kind`: a resident ID needs 17 digits, a valid birth date and the
/// right check character. Returns the normalised number (uppercase X).
pub fn parse_id_number(field: &str, kind: IdType, raw: &str) -> Result<String, AppError> {
    let value: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    match kind {
        IdType::ResidentId => {
            let b = value.as_bytes();
            if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
                return Err(AppError::invalid(field, "id_number_format"));
            }
            let birth = NaiveDate::parse_from_str(&value[6..14], "%Y%m%d");
            if birth.is_err() {
                return Err(AppError::invalid(field, "id_number_format"));
            }
            if char::from(b[17]) != resident_id_check(&b[..17]) {
                return Err(AppError::invalid(field, "id_number_check"));
            }
            Ok(value)
        }
        IdType::Other => {
            if (5..=20).contains(&value.len()) && value.chars().all(|c| c.is_ascii_alphanumeric()) {
                Ok(value)
            } else {
                Err(AppError::invalid(field, "id_number_format"))
            }
        }
    }
}

/// What a roster search text asks for: a name (part of it), a volunteer number, or a whole
/// mobile or ID number. Numbers match only whole (11 or 18 characters), never a part, so a
/// masked `139****5678` cannot be recovered by searching digit by digit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterSearch {
    /// Part of a name; `%`, `_` and `\\` are escaped for `LIKE … ESCAPE '\\'`.
    NamePattern(String),
    /// A whole mainland mobile number.
    Mobile(String),
    /// A whole 18-character resident ID number (uppercase X).
    IdNumber(String),
}

impl RosterSearch {
    /// Reads the search text (full-width digits and separators are normalised first).
    pub fn parse(q: &str) -> Option<Self> {
        use unicode_normalization::UnicodeNormalization;
        let q = q.trim();
        if q.is_empty() {
            return None;
        }
        let compact: String = q
            .nfkc()
            .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '.' | '_')))
            .collect::<String>()
            .to_ascii_uppercase();
        let b = compact.as_bytes();
        if b.len() == 11 && b.iter().all(u8::is_ascii_digit) {
            return Some(Self::Mobile(compact));
        }
        if b.len() == 18
            && b[..17].iter().all(u8::is_ascii_digit)
            && (b[17].is_ascii_digit() || b[17] == b'X')
        {
            return Some(Self::IdNumber(compact));
        }
        let mut pattern = String::with_capacity(q.len() + 2);
        pattern.push('%');
        for c in q.chars() {
            if matches!(c, '%' | '_' | '\\') {
                pattern.push('\\');
            }
            pattern.push(c);
        }
        pattern.push('%');
        Some(Self::NamePattern(pattern))
    }
}

/// An ID number as every list and export shows it: the first three and last four characters.
pub fn mask_id_number(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len().max(4));
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

/// Full years of age on `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// The internal volunteer number shown on lists and certificates (derived from the row id).
pub fn volunteer_number(id: i64) -> String {
    format!("HN{id:07}")
}

/// Parses a volunteer number (`HN0000123`) or a bare id back into the row id.
pub fn parse_volunteer_number(field: &str, raw: &str) -> Result<i64, AppError> {
    let raw = raw.trim();
    let digits = raw
        .strip_prefix("HN")
        .or_else(|| raw.strip_prefix("hn"))
        .unwrap_or(raw);
    parse_id(field, digits)
}

/// The certificate number: issue year and register id.
pub fn certificate_number(issued_year: i32, id: i64) -> String {
    format!("HNZY-{issued_year}-{id:06}")
}

/// What the volunteer form posts (strings, as forms send them).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct VolunteerInput {
    /// Full name.
    pub name: String,
    /// Mobile number.
    pub mobile: String,
    /// `resident_id`, `other` or empty.
    #[serde(default)]
    pub id_type: String,
    /// The ID number, if an ID type was chosen.
    #[serde(default)]
    pub id_number: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// `female`, `male` or `unspecified`.
    pub gender: String,
    /// Home station id.
    pub station_id: String,
    /// Team (服务队).
    #[serde(default)]
    pub team: String,
    /// Skills, free text.
    #[serde(default)]
    pub skills: String,
    /// `on` if the volunteer agreed to appear in public lists.
    #[serde(default)]
    pub public_consent: Option<String>,
    /// Guardian's name (volunteers under 18).
    #[serde(default)]
    pub guardian_name: String,
    /// Guardian's relationship to the volunteer.
    #[serde(default)]
    pub guardian_relation: String,
    /// The day the guardian consented.
    #[serde(default)]
    pub guardian_consent_on: String,
}

/// A guardian's recorded consent for a volunteer under 18.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardianConsent {
    /// Guardian's name.
    pub name: String,
    /// Relationship (父亲, 母亲, …).
    pub relation: String,
    /// The day consent was given.
    pub on: NaiveDate,
}

/// A validated volunteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVolunteer {
    /// Full name.
    pub name: String,
    /// Mobile number.
    pub mobile: Mobile,
    /// ID type and number, if given.
    pub id: Option<(IdType, String)>,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// `female`, `male` or `unspecified`.
    pub gender: String,
    /// Home station.
    pub station_id: i64,
    /// Team.
    pub team: String,
    /// Skills.
    pub skills: String,
    /// Opted in to public lists.
    pub public_consent: bool,
    /// Guardian consent, if recorded.
    pub guardian: Option<GuardianConsent>,
}

/// The genders a form offers.
pub const GENDERS: [&str; 3] = ["female", "male", "unspecified"];

impl VolunteerInput {
    /// Validates every field; `today` bounds the birth date and consent date.
    pub fn validate(&self, today: NaiveDate) -> Result<NewVolunteer, AppError> {
        let name = required_text("name", &self.name, 40)?;
        let mobile = Mobile::parse("mobile", &self.mobile)?;
        let id = match self.id_type.trim() {
            "" => {
                if self.id_number.trim().is_empty() {
                    None
                } else {
                    return Err(AppError::invalid("id_type", "required"));
                }
            }
            raw => {
                let kind =
                    IdType::parse(raw).ok_or_else(|| AppError::invalid("id_type", "required"))?;
                Some((kind, parse_id_number("id_number", kind, &self.id_number)?))
            }
        };
        let birth_date = parse_date("birth_date", &self.birth_date)?;
        if birth_date > today || age_on(birth_date, today) > 100 {
            return Err(AppError::invalid("birth_date", "date_out_of_range"));
        }
        let gender = self.gender.trim();
        if !GENDERS.contains(&gender) {
            return Err(AppError::invalid("gender", "required"));
        }
        let station_id = parse_id("station_id", &self.station_id)?;
        let guardian = if self.guardian_name.trim().is_empty()
            && self.guardian_relation.trim().is_empty()
            && self.guardian_consent_on.trim().is_empty()
        {
            None
        } else {
            let on = parse_date("guardian_consent_on", &self.guardian_consent_on)?;
            if on > today {
                return Err(AppError::invalid("guardian_consent_on", "future_date"));
            }
            Some(GuardianConsent {
                name: required_text("guardian_name", &self.guardian_name, 40)?,
                relation: required_text("guardian_relation", &self.guardian_relation, 20)?,
                on,
            })
        };
        Ok(NewVolunteer {
            name,
            mobile,
            id,
            birth_date,
            gender: gender.to_owned(),
            station_id,
            team: optional_text("team", &self.team, 40)?.unwrap_or_default(),
            skills: optional_text("skills", &self.skills, 200)?.unwrap_or_default(),
            public_consent: self
                .public_consent
                .as_deref()
                .is_some_and(|v| !v.is_empty()),
            guardian,
        })
    }
}

/// Service or training (design: training is recorded apart from service).
pub const KINDS: [&str; 2] = ["service", "training"];

/// What the activity form posts.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ActivityInput {
    /// The project.
    pub project_id: String,
    /// The organising station.
    pub station_id: String,
    /// Name.
    pub name: String,
    /// `service` or `training`.
    pub kind: String,
    /// Date.
    pub held_on: String,
    /// `HH:MM`.
    pub start: String,
    /// `HH:MM`.
    pub end: String,
    /// Township.
    pub township: String,
    /// Village.
    pub village: String,
    /// What the volunteers did.
    pub content: String,
    /// Places.
    pub capacity: String,
}

/// A validated activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewActivity {
    /// The project.
    pub project_id: i64,
    /// The organising station.
    pub station_id: i64,
    /// Name.
    pub name: String,
    /// `service` or `training`.
    pub kind: String,
    /// Date.
    pub held_on: NaiveDate,
    /// Start, minutes after midnight.
    pub start_min: i64,
    /// End, minutes after midnight.
    pub end_min: i64,
    /// Township.
    pub township: String,
    /// Village.
    pub village: String,
    /// Content.
    pub content: String,
    /// Places.
    pub capacity: i64,
}

impl ActivityInput {
    /// Validates the activity; activities may be planned ahead, so future dates are fine.
    pub fn validate(&self) -> Result<NewActivity, AppError> {
        let project_id = parse_id("project_id", &self.project_id)?;
        let station_id = parse_id("station_id", &self.station_id)?;
        let name = required_text("name", &self.name, 60)?;
        let kind = self.kind.trim();
        if !KINDS.contains(&kind) {
            return Err(AppError::invalid("kind", "required"));
        }
        let held_on = parse_date("held_on", &self.held_on)?;
        let start_min = parse_clock("start", &self.start)?;
        let end_min = parse_clock("end", &self.end)?;
        if end_min <= start_min {
            return Err(AppError::invalid("end", "end_before_start"));
        }
        use crate::model::privacy::{optional_note, required_note};
        use crate::model::text::Lines;
        let township = required_note("township", &self.township, 30, Lines::One)?;
        let village = optional_note("village", &self.village, 30, Lines::One)?.unwrap_or_default();
        let content = required_note("content", &self.content, 1000, Lines::Many)?;
        let capacity: i64 = self
            .capacity
            .trim()
            .parse()
            .ok()
            .filter(|c| (1..=10_000).contains(c))
            .ok_or_else(|| AppError::invalid("capacity", "capacity_range"))?;
        Ok(NewActivity {
            project_id,
            station_id,
            name,
            kind: kind.to_owned(),
            held_on,
            start_min,
            end_min,
            township,
            village,
            content,
            capacity,
        })
    }
}

/// One volunteer line of a roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    /// Volunteer id.
    pub id: i64,
    /// Volunteer number.
    pub number: String,
    /// Name.
    pub name: String,
    /// Masked mobile number.
    pub mobile_masked: String,
    /// Home station.
    pub station: String,
    /// Team.
    pub team: String,
    /// `active` or `inactive`.
    pub status: String,
    /// Confirmed service minutes (in the filtered range).
    pub service_minutes: i64,
    /// Confirmed training minutes.
    pub training_minutes: i64,
    /// Activities attended.
    pub activities: i64,
    /// Last day served.
    pub last_served_on: Option<NaiveDate>,
    /// Star level from all confirmed service hours.
    pub star: u8,
}

/// The roster's filters, as the query string carries them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterFilter {
    /// Name, volunteer number or last four digits of the mobile number.
    pub q: String,
    /// Home station.
    pub station_id: Option<i64>,
    /// Only hours in this project.
    pub project_id: Option<i64>,
    /// Hours from this day.
    pub from: Option<NaiveDate>,
    /// Hours to this day.
    pub to: Option<NaiveDate>,
    /// Star level 0–5.
    pub star: Option<u8>,
    /// `active` or `inactive`.
    pub status: Option<String>,
    /// `name`, `hours`, `last`, `number`.
    pub sort: String,
    /// Descending.
    pub desc: bool,
    /// 1-based page.
    pub page: i64,
}

impl RosterFilter {
    /// Rows per page.
    pub const PAGE_SIZE: i64 = 50;

    /// Reads the filter from query parameters; anything unreadable is ignored, not an error.
    pub fn from_pairs(get: impl Fn(&str) -> Option<String>) -> Self {
        let date = |k: &str| get(k).and_then(|v| parse_date(k, &v).ok());
        let sort = get("sort")
            .filter(|s| ["name", "hours", "last", "number"].contains(&s.as_str()))
            .unwrap_or_else(|| "name".to_owned());
        Self {
            q: get("q")
                .unwrap_or_default()
                .trim()
                .chars()
                .take(40)
                .collect(),
            station_id: get("station_id").and_then(|v| v.parse().ok()),
            project_id: get("project_id").and_then(|v| v.parse().ok()),
            from: date("from"),
            to: date("to"),
            star: get("star").and_then(|v| v.parse().ok()).filter(|s| *s <= 5),
            status: get("status").filter(|s| s == "active" || s == "inactive"),
            sort,
            desc: get("desc").is_some_and(|v| v == "1"),
            page: page_param(get("page")),
        }
    }

    /// The filter as a query string (without `page`), for links and exports.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<(String, String)> = Vec::new();
        let mut push = |k: &str, v: String| {
            if !v.is_empty() {
                parts.push((k.to_owned(), v));
            }
        };
        push("q", self.q.clone());
        push(
            "station_id",
            self.station_id.map(|v| v.to_string()).unwrap_or_default(),
        );
        push(
            "project_id",
            self.project_id.map(|v| v.to_string()).unwrap_or_default(),
        );
        push("from", self.from.map(|v| v.to_string()).unwrap_or_default());
        push("to", self.to.map(|v| v.to_string()).unwrap_or_default());
        push("star", self.star.map(|v| v.to_string()).unwrap_or_default());
        push("status", self.status.clone().unwrap_or_default());
        push("sort", self.sort.clone());
        push("desc", if self.desc { "1".into() } else { String::new() });
        parts
            .into_iter()
            .map(|(k, v)| format!("{k}={}", crate::model::text::percent_encode(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// True if any hour-level filter (project, dates) applies, so totals must be summed from
    /// the records rather than read from the running totals.
    pub fn filters_hours(&self) -> bool {
        self.project_id.is_some() || self.from.is_some() || self.to.is_some()
    }
}

/// The hours list's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursFilter {
    /// `submitted`, `confirmed` or `rejected`.
    pub status: Option<String>,
    /// Recording station.
    pub station_id: Option<i64>,
    /// Project.
    pub project_id: Option<i64>,
    /// From this day.
    pub from: Option<NaiveDate>,
    /// To this day.
    pub to: Option<NaiveDate>,
    /// Only late entries.
    pub late: bool,
    /// 1-based page.
    pub page: i64,
}

impl HoursFilter {
    /// Rows per page.
    pub const PAGE_SIZE: i64 = 50;

    /// Reads the filter from query parameters, ignoring anything unreadable.
    pub fn from_pairs(get: impl Fn(&str) -> Option<String>) -> Self {
        let date = |k: &str| get(k).and_then(|v| parse_date(k, &v).ok());
        Self {
            status: get("status")
                .filter(|s| ["submitted", "confirmed", "rejected"].contains(&s.as_str())),
            station_id: get("station_id").and_then(|v| v.parse().ok()),
            project_id: get("project_id").and_then(|v| v.parse().ok()),
            from: date("from"),
            to: date("to"),
            late: get("late").is_some_and(|v| v == "1"),
            page: page_param(get("page")),
        }
    }

    /// The filter as a query string (without `page`).
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(v) = &self.status {
            parts.push(format!("status={v}"));
        }
        if let Some(v) = self.station_id {
            parts.push(format!("station_id={v}"));
        }
        if let Some(v) = self.project_id {
            parts.push(format!("project_id={v}"));
        }
        if let Some(v) = self.from {
            parts.push(format!("from={v}"));
        }
        if let Some(v) = self.to {
            parts.push(format!("to={v}"));
        }
        if self.late {
            parts.push("late=1".to_owned());
        }
        parts.join("&")
    }
}

/// One hour record as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HourRecordView {
    /// Record id.
    pub id: i64,
    /// Volunteer id.
    pub volunteer_id: i64,
    /// Volunteer name.
    pub volunteer: String,
    /// Volunteer number.
    pub volunteer_number: String,
    /// Activity id.
    pub activity_id: i64,
    /// Activity name.
    pub activity: String,
    /// Project name.
    pub project: String,
    /// Recording station.
    pub station: String,
    /// Day served.
    pub served_on: NaiveDate,
    /// Start, minutes after midnight.
    pub start_min: i64,
    /// End, minutes after midnight.
    pub end_min: i64,
    /// Whole minutes.
    pub minutes: i64,
    /// `service` or `training`.
    pub kind: String,
    /// `coordinator`, `self`, `import`, `correction`.
    pub source: String,
    /// `submitted`, `confirmed`, `rejected`.
    pub status: String,
    /// Late entry (补录).
    pub late: bool,
    /// Why late.
    pub late_reason: Option<String>,
    /// Why over the cap.
    pub over_cap_reason: Option<String>,
    /// The record this one corrects.
    pub amends_id: Option<i64>,
    /// Why corrected.
    pub correction_reason: Option<String>,
    /// True once a confirmed correction replaced this record.
    pub superseded: bool,
    /// Who entered it.
    pub recorded_by: String,
    /// Who entered it (account id).
    pub recorded_by_id: i64,
    /// When it was entered.
    pub recorded_at: chrono::DateTime<chrono::Utc>,
    /// First approver of a late entry.
    pub first_approved_by: Option<String>,
    /// Who confirmed it.
    pub confirmed_by: Option<String>,
    /// When.
    pub confirmed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Why rejected.
    pub rejected_reason: Option<String>,
}

/// A volunteer's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolunteerDetail {
    /// Roster line (totals, star).
    pub row: RosterRow,
    /// Home station id.
    pub station_id: i64,
    /// Masked ID number with its type, if any.
    pub id_masked: Option<(String, String)>,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Gender code.
    pub gender: String,
    /// Skills.
    pub skills: String,
    /// Opted in to public lists.
    pub public_consent: bool,
    /// Guardian consent, if recorded.
    pub guardian: Option<GuardianConsent>,
    /// Linked sign-in account, if any.
    pub account: Option<String>,
}

/// An activity as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityView {
    /// Id.
    pub id: i64,
    /// Project id.
    pub project_id: i64,
    /// Project name.
    pub project: String,
    /// Organising station id.
    pub station_id: i64,
    /// Organising station.
    pub station: String,
    /// Name.
    pub name: String,
    /// `service` or `training`.
    pub kind: String,
    /// Date.
    pub held_on: NaiveDate,
    /// Start, minutes after midnight.
    pub start_min: i64,
    /// End.
    pub end_min: i64,
    /// Township.
    pub township: String,
    /// Village.
    pub village: String,
    /// Content.
    pub content: String,
    /// Places.
    pub capacity: i64,
    /// Records entered for it.
    pub records: i64,
}

/// A project with its organising stations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectView {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Description, rendered and sanitised on the server.
    pub description_html: String,
    /// Organising stations: (id, name).
    pub stations: Vec<(i64, String)>,
    /// Coordinators at those stations.
    pub coordinators: Vec<String>,
    /// Confirmed service minutes.
    pub service_minutes: i64,
    /// Activities.
    pub activities: i64,
}

/// One line of the totals report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotalsLine {
    /// Project, station or month (`YYYY-MM`).
    pub label: String,
    /// Confirmed service minutes.
    pub service_minutes: i64,
    /// Confirmed training minutes.
    pub training_minutes: i64,
    /// Distinct volunteers.
    pub volunteers: i64,
}

/// An issued certificate (志愿服务记录证明).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateView {
    /// Register id.
    pub id: i64,
    /// Certificate number.
    pub number: String,
    /// Volunteer id.
    pub volunteer_id: i64,
    /// Volunteer name.
    pub volunteer: String,
    /// Volunteer number.
    pub volunteer_number: String,
    /// ID type and number (masked unless the volunteer asked for it in full and the viewer is
    /// the volunteer or their home station).
    pub id_shown: Option<(String, String)>,
    /// Issued to show the ID number in full.
    pub id_in_full: bool,
    /// Issuing station id.
    pub station_id: i64,
    /// Issuing station (the organisation that recorded the hours).
    pub station: String,
    /// Period start.
    pub from_on: NaiveDate,
    /// Period end.
    pub to_on: NaiveDate,
    /// Confirmed service minutes in the period.
    pub service_minutes: i64,
    /// Confirmed training minutes in the period.
    pub training_minutes: i64,
    /// Activities in the period.
    pub activities: i64,
    /// Projects and content.
    pub projects: String,
    /// Person in charge.
    pub person_in_charge: String,
    /// Contact.
    pub contact: String,
    /// Notes.
    pub notes: String,
    /// Handler (who issued it).
    pub issued_by: String,
    /// Issue day (China).
    pub issued_on: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_searched_whole_and_wildcards_literally() {
        use RosterSearch::*;
        assert_eq!(
            RosterSearch::parse("13912345678"),
            Some(Mobile("13912345678".into()))
        );
        assert_eq!(
            RosterSearch::parse("139 1234 5678"),
            Some(Mobile("13912345678".into()))
        );
        assert_eq!(
            RosterSearch::parse("１３９１２３４５６７８"),
            Some(Mobile("13912345678".into()))
        );
        assert_eq!(
            RosterSearch::parse("43042220100101123x"),
            Some(IdNumber("43042220100101123X".into()))
        );
        // A tail of digits is a name search, which never matches a mobile column.
        assert_eq!(
            RosterSearch::parse("5678"),
            Some(NamePattern("%5678%".into()))
        );
        assert_eq!(RosterSearch::parse("%"), Some(NamePattern("%\\%%".into())));
        assert_eq!(
            RosterSearch::parse("a_b"),
            Some(NamePattern("%a\\_b%".into()))
        );
        assert_eq!(RosterSearch::parse("  "), None);
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn times(served_on: &str, start: i64, end: i64) -> ProposedTimes<'static> {
        ProposedTimes {
            served_on: d(served_on),
            start_min: start,
            end_min: end,
            over_cap_reason: None,
            late_reason: None,
        }
    }

    #[test]
    fn durations_are_whole_minutes_shown_rounded_down() {
        assert_eq!(format_hours(90), "1.5");
        assert_eq!(
            format_hours(65),
            "1.0",
            "65 min is 1.08 h: never rounded up"
        );
        assert_eq!(format_hours(119), "1.9");
        assert_eq!(format_hours(0), "0.0");
        assert_eq!(parse_clock("start", "08:30"), Ok(510));
        assert_eq!(parse_clock("start", "8:05"), Ok(485));
        assert_eq!(
            parse_clock("start", "24:00"),
            Err(AppError::invalid("start", "time_format"))
        );
        assert_eq!(format_clock(510), "08:30");
    }

    #[test]
    fn end_before_start_and_future_dates_are_refused() {
        let rules = HourRules::default();
        let today = d("2026-05-10");
        assert_eq!(
            rules.check(&times("2026-05-10", 600, 540), today, false),
            Err(AppError::invalid("end", "end_before_start"))
        );
        assert_eq!(
            rules.check(&times("2026-05-10", 600, 600), today, false),
            Err(AppError::invalid("end", "end_before_start"))
        );
        assert_eq!(
            rules.check(&times("2026-05-10", 600, 600), today, true),
            Ok(CheckedTimes {
                minutes: 0,
                late: false
            }),
            "a correction may void a record"
        );
        assert_eq!(
            rules.check(&times("2026-05-11", 540, 600), today, false),
            Err(AppError::invalid("served_on", "future_date"))
        );
        assert_eq!(
            rules.check(&times("2026-05-10", 540, 600), today, false),
            Ok(CheckedTimes {
                minutes: 60,
                late: false
            })
        );
    }

    #[test]
    fn overlapping_ranges_share_a_minute() {
        assert!(overlaps((540, 600), (590, 650)));
        assert!(overlaps((540, 600), (480, 720)));
        assert!(!overlaps((540, 600), (600, 660)), "back to back is fine");
        assert!(!overlaps((540, 600), (300, 540)));
    }

    #[test]
    fn over_the_cap_needs_a_reason() {
        let rules = HourRules::default();
        let today = d("2026-05-10");
        let long = times("2026-05-10", 0, 13 * 60);
        assert_eq!(
            rules.check(&long, today, false),
            Err(AppError::invalid(
                "over_cap_reason",
                "over_cap_needs_reason"
            ))
        );
        let with_reason = ProposedTimes {
            over_cap_reason: Some("防汛值守"),
            ..long
        };
        assert_eq!(
            rules.check(&with_reason, today, false).map(|c| c.minutes),
            Ok(780)
        );
        assert!(
            rules
                .check(&times("2026-05-10", 0, 720), today, false)
                .is_ok(),
            "exactly the cap is fine"
        );
        let custom = HourRules {
            cap_minutes: 60,
            late_days: 30,
        };
        assert!(
            custom
                .check(&times("2026-05-10", 0, 61), today, false)
                .is_err()
        );
    }

    #[test]
    fn late_entries_need_a_reason_and_stay_flagged() {
        let rules = HourRules::default();
        let today = d("2026-05-31");
        assert_eq!(
            rules.check(&times("2026-05-01", 540, 600), today, false),
            Ok(CheckedTimes {
                minutes: 60,
                late: false
            }),
            "30 days is not late yet"
        );
        assert_eq!(
            rules.check(&times("2026-04-30", 540, 600), today, false),
            Err(AppError::invalid("late_reason", "late_needs_reason"))
        );
        let with_reason = ProposedTimes {
            late_reason: Some("纸质签到表遗漏"),
            ..times("2026-04-30", 540, 600)
        };
        assert_eq!(
            rules.check(&with_reason, today, false),
            Ok(CheckedTimes {
                minutes: 60,
                late: true
            })
        );
    }

    #[test]
    fn star_levels_follow_configurable_thresholds() {
        let stars = StarThresholds::default();
        assert_eq!(stars.level(0), 0);
        assert_eq!(stars.level(99 * 60 + 59), 0);
        assert_eq!(stars.level(100 * 60), 1);
        assert_eq!(stars.level(300 * 60), 2);
        assert_eq!(stars.level(1499 * 60), 4);
        assert_eq!(stars.level(5000 * 60), 5);
        assert_eq!(stars.minutes_range(0), (0, Some(6000)));
        assert_eq!(stars.minutes_range(5), (90_000, None));
        let local = StarThresholds([50, 100, 200, 400, 800]);
        assert_eq!(local.level(60 * 60), 1);
        assert!(
            StarThresholds([100, 100, 600, 1000, 1500])
                .validate()
                .is_err()
        );
        assert!(
            StarThresholds([0, 100, 600, 1000, 1500])
                .validate()
                .is_err()
        );
    }

    #[test]
    fn resident_id_numbers_need_the_right_check_digit() {
        // A well-known specimen number from GB 11643 examples.
        assert_eq!(
            parse_id_number("id_number", IdType::ResidentId, "11010519491231002x"),
            Ok("11010519491231002X".to_owned())
        );
        assert_eq!(
            parse_id_number("id_number", IdType::ResidentId, "110105194912310021"),
            Err(AppError::invalid("id_number", "id_number_check"))
        );
        assert_eq!(
            parse_id_number("id_number", IdType::ResidentId, "110105194913310021"),
            Err(AppError::invalid("id_number", "id_number_format")),
            "month 13"
        );
        assert_eq!(
            parse_id_number("id_number", IdType::ResidentId, "1101051949"),
            Err(AppError::invalid("id_number", "id_number_format"))
        );
        assert!(parse_id_number("id_number", IdType::Other, "E12345678").is_ok());
        assert_eq!(mask_id_number("11010519491231002X"), "110***********002X");
    }

    #[test]
    fn volunteer_form_needs_guardian_details_complete_and_valid() {
        let today = d("2026-05-10");
        let input = VolunteerInput {
            name: "刘洋".into(),
            mobile: "13912345678".into(),
            birth_date: "2010-03-01".into(),
            gender: "male".into(),
            station_id: "3".into(),
            guardian_name: "刘建国".into(),
            ..VolunteerInput::default()
        };
        assert_eq!(
            input.validate(today).map(|_| ()),
            Err(AppError::invalid("guardian_consent_on", "required"))
        );
        let complete = VolunteerInput {
            guardian_relation: "父亲".into(),
            guardian_consent_on: "2026-05-01".into(),
            ..input
        };
        let v = complete.validate(today).expect("valid");
        assert_eq!(age_on(v.birth_date, today), 16);
        assert!(v.guardian.is_some());
        assert_eq!(parse_volunteer_number("v", &volunteer_number(42)), Ok(42));
    }
}
