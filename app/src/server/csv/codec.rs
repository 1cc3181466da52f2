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

/// Defuses text Excel would run as a formula (the writer quotes it where needed).
fn field(value: &str) -> String {
    if looks_like_formula(value) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

/// Writes rows as CSV text with the BOM: CRLF line ends, fields quoted only where needed.
pub fn write(header: &[String], rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(BOM.as_bytes().to_vec());
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        // Writing to memory fails only on a bug in the codec itself: keep what was written.
        if let Err(err) = writer.write_record(row.iter().map(|v| field(v))) {
            tracing::error!(%err, "writing CSV");
            break;
        }
    }
    match writer.into_inner() {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(err) => {
            tracing::error!(%err, "finishing CSV");
            String::from(BOM)
        }
    }
}

/// The text of an uploaded file: UTF-8, with or without the BOM (Excel's "CSV UTF-8"), or else
/// GB18030, the superset of GBK that Excel and WPS on Chinese Windows write as plain "CSV".
/// `None` when the bytes are neither (a spreadsheet file, UTF-16, a picture). UTF-8 is tried
/// first: a GBK file is almost never valid UTF-8, while ASCII is both.
pub fn decode_upload(bytes: &[u8]) -> Option<String> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_owned());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    (!had_errors).then(|| text.into_owned())
}

/// Parses CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks). A BOM
/// and blank lines are ignored. Returns each record with the 1-based line of the file it
/// starts on (as a text editor counts, line breaks inside quotes included), or the line of
/// the first record that cannot be read.
pub fn parse(text: &str) -> Result<Vec<(usize, Vec<String>)>, usize> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // Lines are counted from byte offsets (the reader's own count skips blank lines).
    let (mut counted_to, mut line) = (0usize, 1usize);
    let mut line_at = |byte: u64| {
        let byte = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        if byte > counted_to {
            line += text.as_bytes()[counted_to..byte]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            counted_to = byte;
        }
        line
    };
    loop {
        let next = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(false) => return Ok(rows),
            Ok(true) => {
                if record.iter().any(|v| !v.trim().is_empty()) {
                    // The reader's position is where it started looking: before the rest of
                    // the previous line break and any blank lines.
                    let mut start = record.position().map_or(next, csv::Position::byte);
                    while matches!(
                        text.as_bytes()
                            .get(usize::try_from(start).unwrap_or(usize::MAX)),
                        Some(b'\r' | b'\n')
                    ) {
                        start += 1;
                    }
                    rows.push((line_at(start), record.iter().map(str::to_owned).collect()));
                }
            }
            Err(_) => return Err(line_at(next)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_in_utf8_or_gbk_are_read_and_anything_else_is_not() {
        let text = "姓名,手机号,所属站点\r\n王小红,13912345678,三塘镇社工站\r\n";
        assert_eq!(decode_upload(text.as_bytes()).as_deref(), Some(text));
        let with_bom = format!("{BOM}{text}");
        assert_eq!(decode_upload(with_bom.as_bytes()), Some(with_bom.clone()));
        // As WPS on Chinese Windows saves "CSV": GBK, including a character outside GB2312.
        let wps = "姓名,服务队\r\n喆,衡阳群众\r\n";
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(wps);
        assert!(!unmappable);
        assert!(std::str::from_utf8(&gbk).is_err(), "really not UTF-8");
        assert_eq!(decode_upload(&gbk).as_deref(), Some(wps));
        // UTF-16 (Excel's "Unicode text"), a ZIP (an .xlsx renamed .csv): refused, not garbled.
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("姓名".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_upload(&utf16), None);
        assert_eq!(
            decode_upload(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff"),
            None
        );
    }

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
            assert!(field(formula).starts_with('\''), "{formula:?}");
        }
        assert_eq!(field("王芳 =1"), "王芳 =1");
        let text = write(&header, &rows);
        assert!(text.starts_with(BOM));
        assert!(text.contains("\r\n"));
        let parsed = parse(&text).expect("readable");
        assert_eq!(parsed.len(), 3);
        assert_eq!(parsed[1].1, rows[0]);
        assert_eq!(
            parsed[2].0, 4,
            "line numbers count the line break inside quotes"
        );
        assert_eq!(parsed[2].1[0], "'=1+1");
    }
}
