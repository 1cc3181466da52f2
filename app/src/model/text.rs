//! Validation of free text that people type into forms.

use crate::error::AppError;

/// Trims `raw` and checks it is present and at most `max` characters (not bytes: Chinese text).
pub fn required_text(field: &str, raw: &str, max: usize) -> Result<String, AppError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, "required"));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(field, "too_long"));
    }
    Ok(value.to_owned())
}

/// Like [`required_text`], but an empty value is allowed and becomes `None`.
pub fn optional_text(field: &str, raw: &str, max: usize) -> Result<Option<String>, AppError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        required_text(field, raw, max).map(Some)
    }
}

/// Parses a record id sent by a form (hidden fields and select boxes arrive as text).
pub fn parse_id(field: &str, raw: &str) -> Result<i64, AppError> {
    raw.trim()
        .parse::<i64>()
        .map_err(|_| AppError::invalid(field, "required"))
}

/// Percent-encodes a URL query value (UTF-8, so Chinese input survives the round trip).
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_text_trims_and_counts_characters_not_bytes() {
        assert_eq!(required_text("name", "  张三 ", 2).as_deref(), Ok("张三"));
        assert_eq!(
            required_text("name", "张三丰", 2),
            Err(AppError::invalid("name", "too_long"))
        );
        assert_eq!(
            required_text("name", "   ", 2),
            Err(AppError::invalid("name", "required"))
        );
    }

    #[test]
    fn optional_text_accepts_blank() {
        assert_eq!(optional_text("note", " ", 5), Ok(None));
        assert_eq!(optional_text("note", "ok", 5), Ok(Some("ok".into())));
    }
}
