//! Children's and other sensitive data (PIPL; domain brief §6): beneficiaries appear only as a
//! pseudonym, an age band and a village. Free text that looks like an ID number or a mobile
//! number is refused, so it never reaches the database.

use unicode_normalization::UnicodeNormalization;

use crate::error::AppError;
use crate::model::text::{Lines, clean};

/// Characters people put between groups of digits: spaces, dashes, dots, slashes, underscores,
/// middle dots (after NFKC, so full-width forms are included).
fn is_digit_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '.' | '_' | '/' | '·' | '‧' | '・' | '—' | '–' | '‐' | '‑' | '‒' | '−'
        )
}

/// Refuses `text` if it contains something shaped like an 18-character resident ID number or an
/// 11-digit mainland mobile number (also with +86/0086 in front). The text is normalised first
/// (NFKC: full-width ４３０…, circled or styled digits become ASCII; invisible characters go),
/// and separators between digits (`139.1234.5678`, `138 1234 5678`) do not hide a number.
pub fn refuse_identifiers(field: &str, text: &str) -> Result<(), AppError> {
    let normalised: Vec<char> = clean(text, Lines::Many).nfkc().collect();
    // Runs of digits (and a trailing X for ID numbers), ignoring separators inside a run.
    let mut run = String::new();
    let check = |run: &str| -> Result<(), AppError> {
        let digits = run.trim_end_matches(['X', 'x']);
        let x_tail = run.len() - digits.len();
        if (digits.len() == 18 && x_tail == 0) || (digits.len() == 17 && x_tail == 1) {
            return Err(AppError::invalid(field, "contains_id_number"));
        }
        if x_tail > 0 {
            return Ok(());
        }
        let mobile = digits
            .strip_prefix("0086")
            .or_else(|| digits.strip_prefix("86").filter(|d| d.len() == 11))
            .unwrap_or(digits);
        let b = mobile.as_bytes();
        if mobile.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
            return Err(AppError::invalid(field, "contains_mobile_number"));
        }
        Ok(())
    };
    for (i, &c) in normalised.iter().enumerate() {
        let joins_digits = is_digit_separator(c)
            && !run.is_empty()
            && normalised.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() || (matches!(c, 'X' | 'x') && !run.is_empty()) {
            run.push(c);
        } else if c == '+' && run.is_empty() {
            // "+86 138…": the plus sign starts a run of its own.
        } else if !joins_digits {
            check(&run)?;
            run.clear();
        }
    }
    check(&run)
}

/// A note: free text that may describe the people a station serves (practice and reflection
/// text, places, supervision notes, comments, activity content, reasons). Cleaned like any text,
/// length-checked, and refused when it holds an ID or mobile number. `None` when blank.
pub fn optional_note(
    field: &str,
    raw: &str,
    max: usize,
    lines: Lines,
) -> Result<Option<String>, AppError> {
    let value = match lines {
        Lines::One => crate::model::text::optional_text(field, raw, max)?,
        Lines::Many => crate::model::text::optional_multiline(field, raw, max)?,
    };
    if let Some(text) = &value {
        refuse_identifiers(field, text)?;
    }
    Ok(value)
}

/// Like [`optional_note`], but something visible is required.
pub fn required_note(field: &str, raw: &str, max: usize, lines: Lines) -> Result<String, AppError> {
    optional_note(field, raw, max, lines)?.ok_or_else(|| AppError::invalid(field, "required"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_are_refused_in_any_spacing() {
        for text in [
            "身份证 430422201001011234 已核对",
            "号码43042220100101123X",
            "4304 2220 1001 0112 34",
        ] {
            assert_eq!(
                refuse_identifiers("reflection", text),
                Err(AppError::invalid("reflection", "contains_id_number")),
                "{text}"
            );
        }
    }

    #[test]
    fn mobile_numbers_are_refused() {
        for text in ["电话13812345678", "138-1234-5678 联系", "138 1234 5678"] {
            assert_eq!(
                refuse_identifiers("reflection", text),
                Err(AppError::invalid("reflection", "contains_mobile_number")),
                "{text}"
            );
        }
    }

    #[test]
    fn disguised_numbers_are_refused_too() {
        for (text, code) in [
            ("４３０４２２２０１００１０１１２３４", "contains_id_number"),
            ("１３８１２３４５６７８", "contains_mobile_number"),
            ("139.1234.5678", "contains_mobile_number"),
            ("139\u{3000}1234\u{3000}5678", "contains_mobile_number"),
            ("1\u{200B}3\u{200B}812345678", "contains_mobile_number"),
            ("+86 138 1234 5678", "contains_mobile_number"),
            ("008613812345678", "contains_mobile_number"),
            ("430422.20100101.1234", "contains_id_number"),
            ("①", "ok"),
        ] {
            let got = refuse_identifiers("notes", text);
            if code == "ok" {
                assert_eq!(got, Ok(()), "{text}");
            } else {
                assert_eq!(got, Err(AppError::invalid("notes", code)), "{text}");
            }
        }
    }

    #[test]
    fn notes_are_cleaned_and_checked() {
        assert_eq!(
            required_note("reason", " 补录\r\n说明 ", 10, Lines::One).as_deref(),
            Ok("补录 说明")
        );
        assert_eq!(
            optional_note("village", "１３８１２３４５６７８", 30, Lines::One),
            Err(AppError::invalid("village", "contains_mobile_number"))
        );
        assert_eq!(
            optional_note("village", "\u{200B}", 30, Lines::One),
            Ok(None)
        );
    }

    #[test]
    fn ordinary_numbers_pass() {
        for text in [
            "2026年11月29日走访了3户，用时90分钟",
            "低保标准每月 620 元",
            "编号 12345678901",
            "家里有 2 个孩子，8 岁和 11 岁",
            "2026.11.29 走访 3 户",
            "2026-11-29 13:45 至 15:30",
        ] {
            assert_eq!(refuse_identifiers("reflection", text), Ok(()), "{text}");
        }
    }
}
