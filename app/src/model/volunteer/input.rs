//! What the volunteer and activity forms post, and the validated records they become.

use super::*;

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
    pub team: String,
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

/// What the activity form posts.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ActivityInput {
    /// The project.
    pub project_id: String,
    /// The organising station.
    pub station_id: String,
    pub name: String,
    /// `service` or `training`, as the form sends it.
    pub kind: String,
    /// Date.
    pub held_on: String,
    /// `HH:MM`.
    pub start: String,
    /// `HH:MM`.
    pub end: String,
    pub township: String,
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
    pub name: String,
    /// Service or training.
    pub kind: HourKind,
    /// Date.
    pub held_on: NaiveDate,
    /// Start, minutes after midnight.
    pub start_min: i64,
    /// End, minutes after midnight.
    pub end_min: i64,
    pub township: String,
    pub village: String,
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
        let kind = HourKind::parse(self.kind.trim())
            .ok_or_else(|| AppError::invalid("kind", "required"))?;
        let held_on = parse_date("held_on", &self.held_on)?;
        let start_min = parse_clock("start", &self.start)?;
        let end_min = parse_clock("end", &self.end)?;
        if end_min <= start_min {
            return Err(AppError::invalid("end", "end_time_before_start"));
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
            kind,
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
