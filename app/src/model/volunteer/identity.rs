//! Identifiers: resident ID numbers (GB 11643), masking, ages, volunteer and certificate numbers.

use super::*;

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
