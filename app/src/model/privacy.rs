//! Children's and other sensitive data (PIPL; domain brief §6): beneficiaries appear only as a
//! pseudonym, an age band and a village. Free text that looks like an ID number or a mobile
//! number is refused, so it never reaches the database.

use crate::error::AppError;

/// Refuses `text` if it contains something shaped like an 18-character resident ID number or an
/// 11-digit mainland mobile number. Spaces and dashes between digits do not hide them.
pub fn refuse_identifiers(field: &str, text: &str) -> Result<(), AppError> {
    // Runs of digits (and a trailing X for ID numbers), ignoring spaces and dashes inside a run.
    let mut run = String::new();
    let check = |run: &str| -> Result<(), AppError> {
        let digits = run.trim_end_matches(['X', 'x']);
        let x_tail = run.len() - digits.len();
        if (digits.len() == 18 && x_tail == 0) || (digits.len() == 17 && x_tail == 1) {
            return Err(AppError::invalid(field, "contains_id_number"));
        }
        let b = digits.as_bytes();
        if digits.len() == 11 && x_tail == 0 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
            return Err(AppError::invalid(field, "contains_mobile_number"));
        }
        Ok(())
    };
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let joins_digits = matches!(c, ' ' | '-')
            && !run.is_empty()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() || (matches!(c, 'X' | 'x') && !run.is_empty()) {
            run.push(c);
        } else if !joins_digits {
            check(&run)?;
            run.clear();
        }
    }
    check(&run)
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
    fn ordinary_numbers_pass() {
        for text in [
            "2026年11月29日走访了3户，用时90分钟",
            "低保标准每月 620 元",
            "编号 12345678901",
            "家里有 2 个孩子，8 岁和 11 岁",
        ] {
            assert_eq!(refuse_identifiers("reflection", text), Ok(()), "{text}");
        }
    }
}
