//! What an upload of a CSV file reports to the person who sent it: typed values shared by the
//! upload route and the import page, never text split apart again.

/// What a file holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ImportKind {
    /// Volunteers (registrations).
    #[default]
    Volunteers,
    /// Hour records.
    Hours,
}

impl ImportKind {
    /// The name used in the form and in links.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Volunteers => "volunteers",
            ImportKind::Hours => "hours",
        }
    }

    /// Reads the form's value; anything else is a volunteer import, the harmless default.
    pub fn parse(raw: &str) -> Self {
        if raw == "hours" {
            ImportKind::Hours
        } else {
            ImportKind::Volunteers
        }
    }
}

/// One problem in an import: the file's line number, the column's heading and the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// Line in the file (the heading is line 1); 0 when the problem is the whole file.
    pub row: usize,
    /// Column heading as in the template (empty when the problem is a whole line or file).
    pub column: String,
    /// Error code (translated on the page).
    pub code: String,
}

impl ImportProblem {
    /// A problem with the whole file (too large, not UTF-8).
    pub fn whole_file(code: &str) -> Self {
        Self {
            row: 0,
            column: String::new(),
            code: code.to_owned(),
        }
    }
}

/// A refused file, as the import page shows it: nothing was imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRejected {
    /// What the file was meant to hold.
    pub kind: ImportKind,
    /// The first problems, in file order.
    pub problems: Vec<ImportProblem>,
    /// How many more problems were found but not listed.
    pub more: usize,
}

impl ImportRejected {
    /// Problems listed on the page; the rest are counted.
    pub const SHOWN: usize = 20;

    /// The report for `problems`, listing the first [`Self::SHOWN`].
    pub fn new(kind: ImportKind, mut problems: Vec<ImportProblem>) -> Self {
        let more = problems.len().saturating_sub(Self::SHOWN);
        problems.truncate(Self::SHOWN);
        Self {
            kind,
            problems,
            more,
        }
    }
}

/// A file imported in full (the import page's link after the upload).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportDone {
    /// What was imported.
    pub kind: ImportKind,
    /// How many rows.
    pub count: usize,
}

impl ImportDone {
    /// The import page's address that reports this.
    pub fn location(self) -> String {
        format!(
            "/volunteers/import?kind={}&imported={}",
            self.kind.as_str(),
            self.count
        )
    }

    /// Reads what [`Self::location`] wrote.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Option<Self> {
        Some(Self {
            count: get("imported")?.parse().ok()?,
            kind: ImportKind::parse(&get("kind").unwrap_or_default()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejection_lists_twenty_problems_and_counts_the_rest() {
        let problems = (1..=25)
            .map(|row| ImportProblem {
                row,
                column: "手机号".into(),
                code: "mobile".into(),
            })
            .collect();
        let report = ImportRejected::new(ImportKind::Hours, problems);
        assert_eq!(report.problems.len(), 20);
        assert_eq!(report.more, 5);
        assert_eq!(report.problems[19].row, 20);
    }

    #[test]
    fn the_done_link_reads_back_and_junk_reads_as_nothing() {
        let done = ImportDone {
            kind: ImportKind::Hours,
            count: 3,
        };
        let url = done.location();
        let query = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
        let get = |k: &str| {
            query
                .split('&')
                .find_map(|p| p.strip_prefix(&format!("{k}=")).map(str::to_owned))
        };
        assert_eq!(ImportDone::from_query(get), Some(done));
        assert_eq!(ImportDone::from_query(|_| Some("x".into())), None);
        assert_eq!(ImportKind::parse("<script>"), ImportKind::Volunteers);
    }
}
