//! Roster and hours-list filters as query strings, and what a search text asks for.

use super::*;

/// The deepest page a list offers (5 million records at 50 a page), so no page number from a
/// request can overflow an offset.
pub const MAX_PAGE: i64 = 100_000;

/// How far a list counts its matches: past this it says "more than 10,000" rather than count
/// a province's every volunteer or record on each page.
pub const COUNT_CAP: i64 = 10_000;

/// How a list's match count reads: the number, or "10,000+" when counting stopped at the cap.
pub fn count_label(total: i64) -> String {
    if total > COUNT_CAP {
        format!("{COUNT_CAP}+")
    } else {
        total.to_string()
    }
}

/// The pages a list has, and whether there are more than that (the count stopped at the cap).
pub fn page_count(total: i64, page_size: i64) -> (i64, bool) {
    let known = total.min(COUNT_CAP);
    let size = page_size.max(1);
    ((known + size - 1) / size, total > COUNT_CAP)
}

/// True when a page starting `offset` rows in lies past the last match, known because the count
/// stopped before the cap: such a page is empty without asking for its rows (which would walk
/// every candidate looking for matches that are not there).
pub fn past_the_end(total: i64, offset: i64) -> bool {
    total <= COUNT_CAP && offset >= total
}

/// A 1-based page number from a query parameter; anything unreadable is page 1.
fn page_param(raw: Option<String>) -> i64 {
    raw.and_then(|v| v.parse().ok()).unwrap_or(1)
}

fn clamp_page(page: i64) -> i64 {
    page.clamp(1, MAX_PAGE)
}

/// `%text%` for `LIKE … ESCAPE '\\'`, with `%`, `_` and `\\` in the text escaped.
pub fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Part of a station name, trimmed to 30 characters (a station picker's search text).
pub fn station_search(text: &str) -> String {
    text.trim().chars().take(30).collect()
}

/// What a roster search text asks for: a name (part of it), a volunteer number, or a whole
/// mobile or ID number. Numbers match only whole (11 or 18 characters), never a part, so a
/// masked `139****5678` cannot be recovered by searching digit by digit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterSearch {
    /// Part of a name; `%`, `_` and `\\` are escaped for `LIKE … ESCAPE '\\'`.
    NamePattern(String),
    /// A whole mainland mobile number.
    Mobile(String),
    /// A whole 18-character resident ID number (uppercase X).
    IdNumber(String),
}

impl RosterSearch {
    /// Reads the search text (full-width digits and separators are normalised first).
    pub fn parse(q: &str) -> Option<Self> {
        use unicode_normalization::UnicodeNormalization;
        let q = q.trim();
        if q.is_empty() {
            return None;
        }
        let compact: String = q
            .nfkc()
            .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '.' | '_')))
            .collect::<String>()
            .to_ascii_uppercase();
        let b = compact.as_bytes();
        if b.len() == 11 && b.iter().all(u8::is_ascii_digit) {
            return Some(Self::Mobile(compact));
        }
        if b.len() == 18
            && b[..17].iter().all(u8::is_ascii_digit)
            && (b[17].is_ascii_digit() || b[17] == b'X')
        {
            return Some(Self::IdNumber(compact));
        }
        Some(Self::NamePattern(contains_pattern(q)))
    }
}

/// The roster's filters, as the query string carries them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RosterFilter {
    /// Name, volunteer number or last four digits of the mobile number.
    pub q: String,
    /// Home station.
    pub station_id: Option<i64>,
    /// Part of the home station's name (how a station is found among thousands).
    pub station_q: String,
    /// Only hours in this project.
    pub project_id: Option<i64>,
    /// Hours from this day.
    pub from: Option<NaiveDate>,
    /// Hours to this day.
    pub to: Option<NaiveDate>,
    /// Star level 0–5.
    pub star: Option<u8>,
    /// Active or not.
    pub status: Option<VolunteerStatus>,
    /// `name`, `hours`, `last`, `number`.
    pub sort: String,
    /// Descending.
    pub desc: bool,
    /// 1-based page.
    pub page: i64,
}

impl RosterFilter {
    /// Rows per page.
    pub const PAGE_SIZE: i64 = 50;

    /// Reads the filter from query parameters; anything unreadable is ignored, not an error.
    pub fn from_pairs(get: impl Fn(&str) -> Option<String>) -> Self {
        let date = |k: &str| get(k).and_then(|v| parse_date(k, &v).ok());
        Self {
            q: get("q").unwrap_or_default(),
            station_id: get("station_id").and_then(|v| v.parse().ok()),
            station_q: get("station_q").unwrap_or_default(),
            project_id: get("project_id").and_then(|v| v.parse().ok()),
            from: date("from"),
            to: date("to"),
            star: get("star").and_then(|v| v.parse().ok()),
            status: get("status").and_then(|s| VolunteerStatus::parse(&s)),
            sort: get("sort").unwrap_or_default(),
            desc: get("desc").is_some_and(|v| v == "1"),
            page: page_param(get("page")),
        }
        .normalized()
    }

    /// The filter with every value in range: search text trimmed to 40 characters, a known
    /// sort, star 0–5, page 1–[`MAX_PAGE`]. The server applies it to whatever a
    /// request sent.
    pub fn normalized(self) -> Self {
        let sort = if ["name", "hours", "last", "number"].contains(&self.sort.as_str()) {
            self.sort
        } else {
            "name".to_owned()
        };
        Self {
            q: self.q.trim().chars().take(40).collect(),
            station_q: station_search(&self.station_q),
            star: self.star.filter(|s| *s <= 5),
            sort,
            page: clamp_page(self.page),
            ..self
        }
    }

    /// The filter as a query string (without `page`), for links and exports.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<(String, String)> = Vec::new();
        let mut push = |k: &str, v: String| {
            if !v.is_empty() {
                parts.push((k.to_owned(), v));
            }
        };
        push("q", self.q.clone());
        push(
            "station_id",
            self.station_id.map(|v| v.to_string()).unwrap_or_default(),
        );
        push("station_q", self.station_q.clone());
        push(
            "project_id",
            self.project_id.map(|v| v.to_string()).unwrap_or_default(),
        );
        push("from", self.from.map(|v| v.to_string()).unwrap_or_default());
        push("to", self.to.map(|v| v.to_string()).unwrap_or_default());
        push("star", self.star.map(|v| v.to_string()).unwrap_or_default());
        push(
            "status",
            self.status
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
        );
        push("sort", self.sort.clone());
        push("desc", if self.desc { "1".into() } else { String::new() });
        parts
            .into_iter()
            .map(|(k, v)| format!("{k}={}", crate::model::text::percent_encode(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// True if any hour-level filter (project, dates) applies, so totals must be summed from
    /// the records rather than read from the running totals.
    pub fn filters_hours(&self) -> bool {
        self.project_id.is_some() || self.from.is_some() || self.to.is_some()
    }
}

/// The hours list's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HoursFilter {
    /// Where the records stand.
    pub status: Option<RecordStatus>,
    /// Recording station.
    pub station_id: Option<i64>,
    /// Part of the recording station's name.
    pub station_q: String,
    /// Project.
    pub project_id: Option<i64>,
    /// From this day.
    pub from: Option<NaiveDate>,
    /// To this day.
    pub to: Option<NaiveDate>,
    /// Only late entries.
    pub late: bool,
    /// 1-based page.
    pub page: i64,
}

impl HoursFilter {
    /// Rows per page.
    pub const PAGE_SIZE: i64 = 50;

    /// Reads the filter from query parameters, ignoring anything unreadable.
    pub fn from_pairs(get: impl Fn(&str) -> Option<String>) -> Self {
        let date = |k: &str| get(k).and_then(|v| parse_date(k, &v).ok());
        Self {
            status: get("status").and_then(|s| RecordStatus::parse(&s)),
            station_id: get("station_id").and_then(|v| v.parse().ok()),
            station_q: get("station_q").unwrap_or_default(),
            project_id: get("project_id").and_then(|v| v.parse().ok()),
            from: date("from"),
            to: date("to"),
            late: get("late").is_some_and(|v| v == "1"),
            page: page_param(get("page")),
        }
        .normalized()
    }

    /// The filter with every value in range (page 1–[`MAX_PAGE`]). The server applies it to
    /// whatever a request sent.
    pub fn normalized(self) -> Self {
        Self {
            station_q: station_search(&self.station_q),
            page: clamp_page(self.page),
            ..self
        }
    }

    /// The filter as a query string (without `page`).
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(v) = self.status {
            parts.push(format!("status={}", v.as_str()));
        }
        if let Some(v) = self.station_id {
            parts.push(format!("station_id={v}"));
        }
        if !self.station_q.is_empty() {
            parts.push(format!(
                "station_q={}",
                crate::model::text::percent_encode(&self.station_q)
            ));
        }
        if let Some(v) = self.project_id {
            parts.push(format!("project_id={v}"));
        }
        if let Some(v) = self.from {
            parts.push(format!("from={v}"));
        }
        if let Some(v) = self.to {
            parts.push(format!("to={v}"));
        }
        if self.late {
            parts.push("late=1".to_owned());
        }
        parts.join("&")
    }
}
