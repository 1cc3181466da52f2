//! Plumbing shared by the data-layer files: `WHERE` clauses assembled from filters with
//! numbered placeholders, the definition of a record that counts, and batch errors.

use chrono::NaiveDate;

use crate::error::AppError;
use crate::model::permission::Scope;

/// A value bound to a query assembled from filters (placeholders are numbered in order).
pub(super) enum Arg {
    Int(i64),
    Text(String),
    Date(NaiveDate),
}

/// Adds `value` to `args` and returns its placeholder (`$n`), for SQL assembled in parts.
pub(super) fn placeholder(args: &mut Vec<Arg>, value: Arg) -> String {
    args.push(value);
    format!("${}", args.len())
}

/// Binds every [`Arg`] to `$q` in order.
macro_rules! bind_all {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for arg in $args {
            q = match arg {
                $crate::server::db::query::Arg::Int(v) => q.bind(*v),
                $crate::server::db::query::Arg::Text(v) => q.bind(v.clone()),
                $crate::server::db::query::Arg::Date(v) => q.bind(*v),
            };
        }
        q
    }};
}
pub(super) use bind_all;

/// The paths of the nodes above the one at `path` (`/1/34/146/` → `/1/`, `/1/34/`).
fn paths_above(path: &str) -> impl Iterator<Item = &str> {
    path.char_indices()
        .filter(move |&(i, c)| c == '/' && i > 0 && i + 1 < path.len())
        .map(move |(i, _)| &path[..=i])
}

/// Collects `WHERE` conditions and their arguments, numbering placeholders as it goes.
#[derive(Default)]
pub(super) struct Filter {
    pub conds: Vec<String>,
    pub args: Vec<Arg>,
}

impl Filter {
    /// Adds `cond`, where `?` stands for the next placeholder.
    pub fn push(&mut self, cond: &str, args: Vec<Arg>) {
        let mut out = String::new();
        let mut n = self.args.len();
        for part in cond.split('?').enumerate() {
            if part.0 > 0 {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            }
            out.push_str(part.1);
        }
        self.conds.push(out);
        self.args.extend(args);
    }

    /// Restricts `column` to `ids` (`None` = no restriction). Ids are integers, so they are
    /// written into the SQL directly.
    pub fn scope(&mut self, column: &str, ids: Option<&[i64]>) {
        if let Some(ids) = ids {
            if ids.is_empty() {
                self.conds.push("1 = 0".to_owned());
            } else {
                let list: Vec<String> = ids.iter().map(i64::to_string).collect();
                self.conds
                    .push(format!("{column} IN ({})", list.join(", ")));
            }
        }
    }

    /// Restricts `column` (a station id) to the nodes in `scope`: under any of its paths.
    pub fn within(&mut self, column: &str, scope: &Scope) {
        let Scope::Within(paths) = scope else {
            return;
        };
        if paths.is_empty() {
            self.conds.push("1 = 0".to_owned());
            return;
        }
        let ranges = vec![SUBTREE_RANGE; paths.len()].join(" OR ");
        self.push(
            &format!("{column} IN (SELECT id FROM stations WHERE {ranges})"),
            paths.iter().flat_map(|p| subtree_range(p)).collect(),
        );
    }

    /// Restricts `column` (a station id) to stations whose name contains `q` (nothing when `q`
    /// is empty): the "station" box of the roster and the hours list.
    pub fn station_named(&mut self, column: &str, q: &str) {
        if !q.is_empty() {
            self.push(
                &format!("{column} IN (SELECT id FROM stations WHERE name LIKE ? ESCAPE '\\')"),
                vec![Arg::Text(crate::model::volunteer::contains_pattern(q))],
            );
        }
    }

    /// Restricts `column` (a station id) to the nodes in `scope` and the nodes above them: what
    /// someone there may pick, such as a project a county runs with its stations.
    pub fn within_or_above(&mut self, column: &str, scope: &Scope) {
        let Scope::Within(paths) = scope else {
            return;
        };
        if paths.is_empty() {
            self.conds.push("1 = 0".to_owned());
            return;
        }
        let mut conds = Vec::new();
        let mut args = Vec::new();
        for path in paths {
            conds.push(SUBTREE_RANGE);
            args.extend(subtree_range(path));
            for above in paths_above(path) {
                conds.push("path = ?");
                args.push(Arg::Text(above.to_owned()));
            }
        }
        self.push(
            &format!(
                "{column} IN (SELECT id FROM stations WHERE {})",
                conds.join(" OR ")
            ),
            args,
        );
    }

    /// `WHERE …` or nothing.
    pub fn where_sql(&self) -> String {
        if self.conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.conds.join(" AND "))
        }
    }

    /// The next placeholder number.
    pub fn next(&self) -> usize {
        self.args.len() + 1
    }
}

/// SQL true when the path `$col` is the path `$prefix` or lies under it (both SQL, as string
/// literals). A range rather than `LIKE prefix || '%'`, so both backends walk the path index
/// instead of matching a pattern against every node: paths end in `/`, and every path that
/// starts with `/1/34/` sorts from `/1/34/` up to, not including, `/1/340` (`0` follows `/`
/// bytewise; PostgreSQL compares paths in the C collation since migration 0017).
macro_rules! under {
    ($col:literal, $prefix:literal) => {
        concat!(
            "(",
            $col,
            " >= ",
            $prefix,
            " AND ",
            $col,
            " < SUBSTR(",
            $prefix,
            ", 1, LENGTH(",
            $prefix,
            ") - 1) || '0')"
        )
    };
}
pub(super) use under;

/// The stations under one path, as SQL over `path` with two placeholders for
/// [`subtree_range`]'s bounds (the range [`under!`] writes for a path from the database).
const SUBTREE_RANGE: &str = "(path >= ? AND path < ?)";

/// The bounds of the subtree at `path`, for [`SUBTREE_RANGE`].
fn subtree_range(path: &str) -> [Arg; 2] {
    [Arg::Text(path.to_owned()), Arg::Text(past(path))]
}

/// The first path past the subtree at `path` (`/1/34/` → `/1/340`): see [`under!`].
fn past(path: &str) -> String {
    format!("{}0", path.strip_suffix('/').unwrap_or(path))
}

/// A record that counts: confirmed, and not replaced by a confirmed correction.
pub(super) const EFFECTIVE: &str = "r.status = 'confirmed' AND NOT EXISTS (
    SELECT 1 FROM hour_records c WHERE c.amends_id = r.id AND c.status = 'confirmed')";

/// A failure in a batch: the row (0-based) it belongs to, or the database.
pub(super) enum BatchError {
    Row(usize, AppError),
    Db(AppError),
}

impl From<sqlx::Error> for BatchError {
    fn from(e: sqlx::Error) -> Self {
        BatchError::Db(e.into())
    }
}

impl From<AppError> for BatchError {
    fn from(e: AppError) -> Self {
        BatchError::Db(e)
    }
}

#[cfg(test)]
mod tests {
    use super::{past, paths_above};

    #[test]
    fn the_nodes_above_a_path_are_its_prefixes() {
        let above: Vec<&str> = paths_above("/1/34/146/1000/").collect();
        assert_eq!(above, ["/1/", "/1/34/", "/1/34/146/"]);
        assert_eq!(paths_above("/1/").count(), 0);
        assert_eq!(paths_above("").count(), 0);
    }

    #[test]
    fn a_subtree_is_the_range_up_to_its_path_with_0_for_the_last_slash() {
        assert_eq!(past("/1/34/"), "/1/340");
        let (start, end) = ("/1/34/", past("/1/34/"));
        let inside = |p: &str| p >= start && p < end.as_str();
        assert!(inside("/1/34/"));
        assert!(inside("/1/34/146/"));
        assert!(inside("/1/34/9999/12/"));
        // Siblings whose ids start with the same digits are not under it.
        assert!(!inside("/1/340/"));
        assert!(!inside("/1/3/"));
        assert!(!inside("/1/35/"));
        assert!(!inside("/1/"));
    }
}
