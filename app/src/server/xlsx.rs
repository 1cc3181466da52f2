//! Spreadsheets as Excel and WPS open them (`.xlsx`): exports with numbers as numbers and dates
//! as dates, a frozen heading row and columns wide enough for their text; templates with
//! drop-down lists; and an uploaded workbook's first sheet read back as rows of text, so the
//! same checks as for CSV apply to it, row numbers as the spreadsheet shows them.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DataValidation, ExcelDateTime, Format, Formula, Workbook, Worksheet};

use crate::error::AppError;

/// One value of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text (identifiers, names, masked numbers: never turned into a number).
    Text(String),
    /// A whole number.
    Int(i64),
    /// A duration in minutes, shown as hours with one decimal (rounded down, as on the pages).
    Hours(i64),
    /// A day.
    Date(NaiveDate),
    /// Nothing.
    Blank,
}

impl Cell {
    /// Text, or nothing when empty.
    pub fn text(s: impl Into<String>) -> Self {
        let s = s.into();
        if s.is_empty() {
            Cell::Blank
        } else {
            Cell::Text(s)
        }
    }

    /// A day, or nothing.
    pub fn date(d: Option<NaiveDate>) -> Self {
        d.map_or(Cell::Blank, Cell::Date)
    }

    /// The value as a CSV file writes it.
    pub fn csv(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Hours(m) => crate::model::volunteer::format_hours(*m),
            Cell::Date(d) => d.to_string(),
            Cell::Blank => String::new(),
        }
    }

    /// How many columns of a spreadsheet the value needs (a Chinese character takes two).
    fn width(&self) -> usize {
        let text = self.csv();
        text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
    }
}

/// A table to download: its heading row and its rows.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Column names.
    pub header: Vec<String>,
    /// Rows of values.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The table as CSV text (UTF-8 with a byte-order mark, as Excel opens it).
    pub fn to_csv(&self) -> String {
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::csv).collect())
            .collect();
        crate::server::csv::write(&self.header, &rows)
    }

    /// The table as a workbook of one sheet named `sheet`.
    pub fn to_xlsx(&self, sheet: &str) -> Result<Vec<u8>, AppError> {
        workbook(&[(sheet, self)], &[])
    }
}

/// A drop-down list for a template column: the column and the values offered.
pub struct Choices {
    /// Zero-based column.
    pub column: u16,
    /// The values.
    pub values: Vec<String>,
    /// Only these values may be typed (else the list only suggests: a volunteer of another
    /// station may still be entered by number).
    pub strict: bool,
}

fn failed(err: rust_xlsxwriter::XlsxError) -> AppError {
    tracing::error!(%err, "writing a spreadsheet");
    AppError::Internal
}

/// Hours rounded down to one decimal, as a number.
fn hours_value(minutes: i64) -> f64 {
    let tenths = minutes.max(0) * 10 / 60;
    // Tenths of an hour over a lifetime fit an f64 exactly.
    #[expect(
        clippy::cast_precision_loss,
        reason = "tenths of hours are far below 2^52"
    )]
    let value = tenths as f64 / 10.0;
    value
}

fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year()).ok()?;
    let month = u8::try_from(d.month()).ok()?;
    let day = u8::try_from(d.day()).ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
}

fn write_sheet(
    sheet: &mut Worksheet,
    name: &str,
    table: &Table,
    formats: &Formats,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    sheet.set_name(name)?;
    let mut widths: Vec<usize> = table
        .header
        .iter()
        .map(|h| Cell::text(h.clone()).width())
        .collect();
    for (c, h) in table.header.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), h, &formats.heading)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let at = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, cell) in row.iter().enumerate() {
            let column = col(c);
            match cell {
                Cell::Text(s) => {
                    sheet.write_string(at, column, s)?;
                }
                Cell::Int(n) => {
                    #[expect(
                        clippy::cast_precision_loss,
                        reason = "counts and ids stay below 2^52"
                    )]
                    let value = *n as f64;
                    sheet.write_number(at, column, value)?;
                }
                Cell::Hours(m) => {
                    sheet.write_number_with_format(at, column, hours_value(*m), &formats.hours)?;
                }
                Cell::Date(d) => match excel_date(*d) {
                    Some(x) => {
                        sheet.write_datetime_with_format(at, column, &x, &formats.date)?;
                    }
                    None => {
                        sheet.write_string(at, column, d.to_string())?;
                    }
                },
                Cell::Blank => {}
            }
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(cell.width());
            } else {
                widths.push(cell.width());
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        // Room for the filter arrow; no column wider than a screen's third.
        #[expect(clippy::cast_precision_loss, reason = "widths are small")]
        let width = (*w + 2).clamp(6, 60) as f64;
        sheet.set_column_width(col(c), width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

struct Formats {
    heading: Format,
    hours: Format,
    date: Format,
}

/// A workbook of the named tables, one sheet each, the first with drop-down `choices` for the
/// rows below its heading (their values on a hidden sheet, so a long list of stations fits).
pub fn workbook(sheets: &[(&str, &Table)], choices: &[Choices]) -> Result<Vec<u8>, AppError> {
    let formats = Formats {
        heading: Format::new().set_bold(),
        hours: Format::new().set_num_format("0.0"),
        date: Format::new().set_num_format("yyyy-mm-dd"),
    };
    let mut book = Workbook::new();
    for (i, (name, table)) in sheets.iter().enumerate() {
        let sheet = book.add_worksheet();
        write_sheet(sheet, name, table, &formats).map_err(failed)?;
        if i == 0 && !choices.is_empty() {
            add_choices(sheet, choices).map_err(failed)?;
        }
    }
    if !choices.is_empty() {
        let lists = book.add_worksheet();
        lists.set_name(LISTS).map_err(failed)?;
        for (c, list) in choices.iter().enumerate() {
            for (r, value) in list.values.iter().enumerate() {
                let at = u32::try_from(r).unwrap_or(u32::MAX);
                lists.write_string(at, col(c), value).map_err(failed)?;
            }
        }
        lists.set_hidden(true);
    }
    book.save_to_buffer().map_err(failed)
}

/// The hidden sheet that holds a template's drop-down values.
const LISTS: &str = "选项";

/// Rows of a template that get the drop-down lists.
const TEMPLATE_ROWS: u32 = 10_000;

fn add_choices(
    sheet: &mut Worksheet,
    choices: &[Choices],
) -> Result<(), rust_xlsxwriter::XlsxError> {
    for (i, list) in choices.iter().enumerate() {
        if list.values.is_empty() {
            continue;
        }
        let letter = column_letter(i);
        let range = format!("={LISTS}!${letter}$1:${letter}${}", list.values.len());
        let validation = DataValidation::new()
            .allow_list_formula(Formula::new(range))
            .ignore_blank(true)
            .show_error_message(list.strict);
        sheet.add_data_validation(1, list.column, TEMPLATE_ROWS, list.column, &validation)?;
    }
    Ok(())
}

/// `A`, `B`, … `Z`, `AA`… for a zero-based column.
fn column_letter(mut c: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + u8::try_from(c % 26).unwrap_or(0)));
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.iter().rev().collect()
}

/// True if the bytes are a zip archive, as an `.xlsx` file is.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The first sheet of an uploaded workbook as rows of text, each with its row number as the
/// spreadsheet shows it (1 = the heading row). Numbers come back as typed (a mobile number
/// stored as a number loses no digits), dates as `YYYY-MM-DD`, times as `HH:MM`. Empty rows are
/// left out. `None` when the file is not a workbook that can be read.
pub fn read_first_sheet(bytes: &[u8]) -> Option<Vec<(usize, Vec<String>)>> {
    use calamine::{Reader, Xlsx, open_workbook_from_rs};
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).ok()?;
    let range = book.worksheet_range_at(0)?.ok()?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let lead = usize::try_from(first_col).unwrap_or(0);
    let mut rows = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let mut cells: Vec<String> = vec![String::new(); lead];
        cells.extend(row.iter().map(cell_text));
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        let number = usize::try_from(first_row).unwrap_or(0) + i + 1;
        rows.push((number, cells));
    }
    Some(rows)
}

fn cell_text(data: &calamine::Data) -> String {
    use calamine::Data;
    match data {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        Data::DateTime(d) => {
            let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
            let serial = d.as_f64();
            if serial < 1.0 {
                // A time of day alone (Excel keeps it as a fraction of a day).
                let minutes = (serial * 1440.0).round();
                #[expect(clippy::cast_possible_truncation, reason = "under 1440 minutes")]
                let minutes = minutes as i64;
                crate::model::volunteer::format_clock(minutes.clamp(0, 1439))
            } else if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{day:02}")
            } else {
                format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}")
            }
        }
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// A number as it was typed: whole numbers without `.0` (mobile numbers, ids), others as they are.
fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "checked whole and below 1e15"
        )]
        let n = f as i64;
        n.to_string()
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn a_written_workbook_reads_back_as_the_same_text() {
        let table = Table {
            header: vec![
                "姓名".into(),
                "手机号".into(),
                "日期".into(),
                "时长（小时）".into(),
                "次数".into(),
                "备注".into(),
            ],
            rows: vec![
                vec![
                    Cell::text("王小红"),
                    Cell::text("13912345678"),
                    Cell::Date(day("2026-05-01")),
                    Cell::Hours(150),
                    Cell::Int(3),
                    Cell::Blank,
                ],
                vec![
                    Cell::text("李明"),
                    Cell::text("13800000005"),
                    Cell::Blank,
                    Cell::Hours(59),
                    Cell::Int(0),
                    Cell::text("含,逗号\"引号"),
                ],
            ],
        };
        let bytes = table.to_xlsx("表").expect("workbook");
        assert!(is_workbook(&bytes));
        let rows = read_first_sheet(&bytes).expect("readable");
        assert_eq!(rows[0].0, 1);
        assert_eq!(rows[0].1, table.header);
        assert_eq!(
            rows[1],
            (
                2,
                vec![
                    "王小红".into(),
                    "13912345678".into(),
                    "2026-05-01".into(),
                    "2.5".into(),
                    "3".into()
                ]
            )
        );
        assert_eq!(
            rows[2].1,
            vec!["李明", "13800000005", "", "0.9", "0", "含,逗号\"引号"]
        );
    }

    #[test]
    fn templates_carry_drop_downs_on_a_hidden_sheet_and_still_read_back() {
        let table = Table {
            header: vec!["所属站点".into(), "性别".into()],
            rows: vec![vec![Cell::text("三塘镇社工站"), Cell::text("女")]],
        };
        let choices = [
            Choices {
                column: 0,
                values: vec!["三塘镇社工站".into(), "泉溪镇社工站".into()],
                strict: true,
            },
            Choices {
                column: 1,
                values: vec!["女".into(), "男".into()],
                strict: true,
            },
        ];
        let bytes = workbook(&[("志愿者", &table)], &choices).expect("template");
        let rows = read_first_sheet(&bytes).expect("readable");
        assert_eq!(rows.len(), 2, "the first sheet is the table, not the lists");
        assert_eq!(rows[1].1, vec!["三塘镇社工站", "女"]);
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
    }

    #[test]
    fn times_and_dates_typed_as_such_read_as_the_templates_write_them() {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let time = Format::new().set_num_format("hh:mm");
        let date = Format::new().set_num_format("yyyy/m/d");
        sheet.write_string(0, 0, "开始时间").expect("heading");
        let at = ExcelDateTime::from_hms(9, 30, 0).expect("time");
        sheet
            .write_datetime_with_format(1, 0, &at, &time)
            .expect("time cell");
        let on = ExcelDateTime::from_ymd(2026, 5, 1).expect("date");
        sheet
            .write_datetime_with_format(1, 1, &on, &date)
            .expect("date cell");
        sheet.write_number(1, 2, 12.0).expect("an activity number");
        let bytes = book.save_to_buffer().expect("workbook");
        let rows = read_first_sheet(&bytes).expect("readable");
        assert_eq!(rows[1].1, vec!["09:30", "2026-05-01", "12"]);
    }

    #[test]
    fn anything_else_is_not_a_workbook() {
        assert!(read_first_sheet(b"PK\x03\x04 not really a zip").is_none());
        assert!(!is_workbook("姓名,手机号".as_bytes()));
        assert_eq!(number_text(13_912_345_678.0), "13912345678");
        assert_eq!(number_text(2.5), "2.5");
    }
}
