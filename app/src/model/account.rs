//! Accounts, roles and the rules for what a person may type into an account form.

use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A role a person holds at a station (or at the county, which covers all its stations).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// 新社工: logs practice, writes reflections, sees own progress.
    Trainee,
    /// 导师/督导: supervises assigned trainees and signs competencies off.
    Mentor,
    /// 协调员: pairs mentors and trainees, runs projects, confirms volunteer hours.
    Coordinator,
    /// 管理员: stations, accounts, roles, frameworks, settings.
    Admin,
}

impl Role {
    /// Every role, in the order forms list them.
    pub const ALL: [Role; 4] = [Role::Trainee, Role::Mentor, Role::Coordinator, Role::Admin];

    /// The stable name stored in the database and used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Trainee => "trainee",
            Role::Mentor => "mentor",
            Role::Coordinator => "coordinator",
            Role::Admin => "admin",
        }
    }

    /// Parses the stored name; `None` for anything else.
    pub fn parse(raw: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == raw)
    }

    /// The translation key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Trainee => "role.trainee",
            Role::Mentor => "role.mentor",
            Role::Coordinator => "role.coordinator",
            Role::Admin => "role.admin",
        }
    }
}

/// A sign-in name: 3–32 characters of lowercase ASCII letters, digits, `.`, `_` or `-`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    /// Validates and normalises (lowercase, trimmed) a username typed into a form.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let value = raw.trim().to_ascii_lowercase();
        if value.is_empty() {
            return Err(AppError::invalid("username", "required"));
        }
        let len = value.chars().count();
        if !(3..=32).contains(&len) {
            return Err(AppError::invalid("username", "username_length"));
        }
        if !value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        {
            return Err(AppError::invalid("username", "username_chars"));
        }
        Ok(Self(value))
    }

    /// The normalised name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A mainland China mobile number: 11 digits starting with 13–19.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mobile(String);

impl Mobile {
    /// Validates a mobile number typed into `field`; spaces and dashes are ignored.
    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.is_empty() {
            return Err(AppError::invalid(field, "required"));
        }
        let bytes = digits.as_bytes();
        let valid = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        if valid {
            Ok(Self(digits))
        } else {
            Err(AppError::invalid(field, "mobile_format"))
        }
    }

    /// The full number; show [`Mobile::masked`] instead wherever a list or export shows it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as every list shows it: `138****5678`.
    pub fn masked(&self) -> String {
        mask_mobile(&self.0)
    }
}

/// Masks the middle four digits of an 11-digit number; anything else is fully masked.
pub fn mask_mobile(number: &str) -> String {
    if number.len() == 11 && number.is_ascii() {
        format!("{}****{}", &number[..3], &number[7..])
    } else {
        "****".to_owned()
    }
}

/// A person's name as colleagues know it (Chinese names are short; 40 characters is generous).
pub fn display_name(raw: &str) -> Result<String, AppError> {
    crate::model::text::required_text("display_name", raw, 40)
}

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Checks a new password: 8–128 characters and not the username itself.
pub fn new_password(field: &str, password: &str, username: &str) -> Result<(), AppError> {
    let len = password.chars().count();
    if len < MIN_PASSWORD_CHARS {
        return Err(AppError::invalid(field, "password_too_short"));
    }
    if len > 128 {
        return Err(AppError::invalid(field, "too_long"));
    }
    if password.eq_ignore_ascii_case(username) {
        return Err(AppError::invalid(field, "password_is_username"));
    }
    Ok(())
}

/// One role a person holds, as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleGrant {
    /// The grant's id, used to revoke it.
    pub id: i64,
    /// The role.
    pub role: Role,
    /// Where the role is held.
    pub station_id: i64,
    /// The station's name, for display.
    pub station_name: String,
    /// The station's path in the tree (the role covers every node under it).
    pub station_path: String,
}

impl RoleGrant {
    /// True when the role is held at the root of the tree (it covers everything).
    pub fn is_root(&self) -> bool {
        crate::model::station::path_ids(&self.station_path).len() == 1
    }
}

/// An account as the account list shows it (no password hash ever leaves the server).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    /// Account id.
    pub id: i64,
    /// Sign-in name.
    pub username: String,
    /// Name shown to colleagues.
    pub display_name: String,
    /// Mobile number, already masked.
    pub mobile_masked: Option<String>,
    /// False once an admin has deactivated the account.
    pub active: bool,
    /// Current (unrevoked) roles.
    pub roles: Vec<RoleGrant>,
}

/// A role and station chosen in a form's select boxes, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewAccountFields {
    /// The role.
    pub role: Role,
    /// The station id.
    pub station_id: i64,
}

impl NewAccountFields {
    /// Parses the `role` and `station_id` form fields.
    pub fn parse(role: &str, station_id: &str) -> Result<Self, AppError> {
        let role = Role::parse(role.trim()).ok_or_else(|| AppError::invalid("role", "required"))?;
        let station_id = crate::model::text::parse_id("station_id", station_id)?;
        Ok(Self { role, station_id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn username_is_normalised_and_checked() {
        assert_eq!(
            Username::parse(" LiMing ").map(|u| u.as_str().to_owned()),
            Ok("liming".into())
        );
        assert_eq!(
            Username::parse(""),
            Err(AppError::invalid("username", "required"))
        );
        assert_eq!(
            Username::parse("ab"),
            Err(AppError::invalid("username", "username_length"))
        );
        assert_eq!(
            Username::parse("李明明"),
            Err(AppError::invalid("username", "username_chars"))
        );
    }

    #[test]
    fn mobile_numbers_are_validated_and_masked() {
        let m = Mobile::parse("phone", "138 1234 5678").expect("valid number");
        assert_eq!(m.as_str(), "13812345678");
        assert_eq!(m.masked(), "138****5678");
        assert!(Mobile::parse("phone", "12812345678").is_err());
        assert!(Mobile::parse("phone", "1381234567").is_err());
        assert!(Mobile::parse("phone", "1381234567a").is_err());
        assert_eq!(mask_mobile("123"), "****");
    }

    #[test]
    fn passwords_need_length_and_must_differ_from_username() {
        assert!(new_password("password", "short", "liming").is_err());
        assert_eq!(
            new_password("password", "LiMing12", "liming12"),
            Err(AppError::invalid("password", "password_is_username"))
        );
        assert!(new_password("password", "一二三四五六七八", "liming").is_ok());
    }

    #[test]
    fn role_and_station_fields_are_required() {
        assert_eq!(
            NewAccountFields::parse("mentor", "3"),
            Ok(NewAccountFields {
                role: Role::Mentor,
                station_id: 3
            })
        );
        assert_eq!(
            NewAccountFields::parse("", "3"),
            Err(AppError::invalid("role", "required"))
        );
        assert_eq!(
            NewAccountFields::parse("mentor", ""),
            Err(AppError::invalid("station_id", "required"))
        );
    }

    #[test]
    fn roles_round_trip_through_their_stored_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("superuser"), None);
    }
}
