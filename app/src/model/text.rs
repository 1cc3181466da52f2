//! Validation of free text that people type into forms.
//!
//! Every text field goes through one of these: control characters and invisible formatting
//! characters (zero-width spaces, bidi overrides) are removed, so a name cannot carry a line
//! break into a CSV file or be made only of characters nobody can see, and the length is counted
//! in characters (Chinese text) after cleaning, before anything is stored.

use crate::error::AppError;

/// Whether a field is a single line (names, places, reasons) or a text area (notes, Markdown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// Line breaks and tabs become spaces.
    One,
    /// Line breaks are kept (as `\n`) and tabs too.
    Many,
}

/// Characters that render as nothing: removed everywhere. Zero-width joiners and emoji
/// variation selectors are kept so emoji survive, but they do not count as visible.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}' | '\u{200C}' | '\u{200E}' | '\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFF8}' | '\u{E0000}'..='\u{E007F}' | '\u{1D173}'..='\u{1D17A}')
}

/// True if `c` is something a reader sees (not a space, not a joiner or selector).
fn is_visible(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{2800}')
}

/// `raw` without control and invisible characters; line breaks kept only for [`Lines::Many`]
/// (CRLF and lone CR become `\n`). Not trimmed.
pub fn clean(raw: &str, lines: Lines) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        let line_break = matches!(
            c,
            '\n' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        ) || (c == '\r' && chars.peek() != Some(&'\n'));
        match (c, lines) {
            ('\r', _) if !line_break => {}
            (_, Lines::Many) if line_break => out.push('\n'),
            ('\t', Lines::Many) => out.push('\t'),
            (_, Lines::One) if line_break || c == '\t' => out.push(' '),
            _ if c.is_control() || is_invisible(c) => {}
            _ => out.push(c),
        }
    }
    out
}

/// Cleans and trims `raw`; `None` when nothing visible is left, an error when longer than
/// `max` characters. The length is checked on the raw text first, so a huge post costs nothing.
fn checked(field: &str, raw: &str, max: usize, lines: Lines) -> Result<Option<String>, AppError> {
    // Four bytes per character at most, plus room for what cleaning removes.
    if raw.len() > max.saturating_mul(8).saturating_add(64) {
        return Err(AppError::invalid(field, "too_long"));
    }
    let cleaned = clean(raw, lines);
    let value = cleaned.trim();
    if !value.chars().any(is_visible) {
        return Ok(None);
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(field, "too_long"));
    }
    Ok(Some(value.to_owned()))
}

/// A single line that must hold something visible, at most `max` characters (not bytes).
pub fn required_text(field: &str, raw: &str, max: usize) -> Result<String, AppError> {
    checked(field, raw, max, Lines::One)?.ok_or_else(|| AppError::invalid(field, "required"))
}

/// Like [`required_text`], but a blank value is allowed and becomes `None`.
pub fn optional_text(field: &str, raw: &str, max: usize) -> Result<Option<String>, AppError> {
    checked(field, raw, max, Lines::One)
}

/// A text area (line breaks kept) that must hold something visible.
pub fn required_multiline(field: &str, raw: &str, max: usize) -> Result<String, AppError> {
    checked(field, raw, max, Lines::Many)?.ok_or_else(|| AppError::invalid(field, "required"))
}

/// Like [`required_multiline`], but a blank value is allowed and becomes `None`.
pub fn optional_multiline(field: &str, raw: &str, max: usize) -> Result<Option<String>, AppError> {
    checked(field, raw, max, Lines::Many)
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
    fn single_lines_lose_control_and_invisible_characters() {
        assert_eq!(
            required_text("name", "甲\r\n乙", 10).as_deref(),
            Ok("甲 乙")
        );
        assert_eq!(
            required_text("name", "甲\u{0}\u{1b}[31m乙", 10).as_deref(),
            Ok("甲[31m乙")
        );
        assert_eq!(
            required_text("name", "张\u{200B}三\u{202E}", 10).as_deref(),
            Ok("张三")
        );
        for invisible in [
            "\u{200B}\u{200B}",
            "\u{FEFF}",
            "\u{200D}\u{2060}",
            " \u{3000}\t",
            "\u{3164}",
        ] {
            assert_eq!(
                required_text("name", invisible, 10),
                Err(AppError::invalid("name", "required")),
                "{invisible:?}"
            );
        }
    }

    #[test]
    fn text_areas_keep_lines_in_one_form() {
        assert_eq!(
            required_multiline("notes", "一\r\n二\r三\n\t四\u{7}", 20).as_deref(),
            Ok("一\n二\n三\n\t四")
        );
    }

    #[test]
    fn huge_input_is_refused_before_cleaning() {
        let huge = "a".repeat(2_000_000);
        assert_eq!(
            required_text("username", &huge, 64),
            Err(AppError::invalid("username", "too_long"))
        );
    }

    #[test]
    fn optional_text_accepts_blank() {
        assert_eq!(optional_text("note", " ", 5), Ok(None));
        assert_eq!(optional_text("note", "ok", 5), Ok(Some("ok".into())));
    }
}
