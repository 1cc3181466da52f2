//! The CSV codec Chinese Excel needs: UTF-8 with a byte-order mark, CRLF, quoted fields,
//! formulas defused on the way out; line numbers kept on the way in.

/// The byte-order mark Excel needs to read UTF-8.
pub const BOM: &str = "\u{feff}";

/// True if a spreadsheet could read `value` as a formula: it starts (after any spaces) with
/// `=`, `+`, `-`, `@`, or with a tab or carriage return (OWASP's list).
fn looks_like_formula(value: &str) -> bool {
    value.starts_with(['\t', '\r'])
        || value
            .trim_start_matches([' ', '\u{3000}'])
            .starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠', '\t', '\r'])
}

/// Quotes a field when needed, and defuses text Excel would run as a formula.
fn field(value: &str) -> String {
    let value = if looks_like_formula(value) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// Writes rows as CSV text with the BOM.
pub fn write(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::from(BOM);
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        let line: Vec<String> = row.iter().map(|v| field(v)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Parses CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks). A BOM
/// and blank lines are ignored. Returns each record with its 1-based line number.
pub fn parse(text: &str) -> Vec<(usize, Vec<String>)> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start_line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                cell.push(c);
            }
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                if row.iter().any(|v| !v.trim().is_empty()) {
                    rows.push((start_line, std::mem::take(&mut row)));
                } else {
                    row.clear();
                }
                line += 1;
                start_line = line;
            }
            (false, c) => cell.push(c),
        }
    }
    row.push(cell);
    if row.iter().any(|v| !v.trim().is_empty()) {
        rows.push((start_line, row));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_round_trips_quotes_commas_and_line_breaks_and_defuses_formulas() {
        let header = vec!["姓名".to_owned(), "备注".to_owned()];
        let rows = vec![
            vec!["王芳".to_owned(), "说\"好\",\n再来".to_owned()],
            vec!["=1+1".to_owned(), String::new()],
        ];
        for formula in [
            "=1",
            " =1",
            "\t=1",
            "\r=1",
            "  @SUM(A1)",
            "-2",
            "\u{3000}+1",
            "＝1",
        ] {
            assert!(
                field(formula).trim_start_matches('"').starts_with('\''),
                "{formula:?}"
            );
        }
        assert_eq!(field("王芳 =1"), "王芳 =1");
        let text = write(&header, &rows);
        assert!(text.starts_with(BOM));
        assert!(text.contains("\r\n"));
        let parsed = parse(&text);
        assert_eq!(parsed.len(), 3);
        assert_eq!(parsed[1].1, rows[0]);
        assert_eq!(
            parsed[2].0, 4,
            "line numbers count the line break inside quotes"
        );
        assert_eq!(parsed[2].1[0], "'=1+1");
    }
}
