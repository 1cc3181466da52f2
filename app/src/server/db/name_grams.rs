//! Name search by pieces: every volunteer's name is kept as its two- and three-character
//! pieces (`volunteer_name_grams`), and a search looks up the rarest piece of what was typed,
//! so a province of 200,000 names is narrowed to a few hundred before `LIKE` checks them.
//! Chinese names are two or three characters, below what trigram indexes can use.

use std::collections::BTreeSet;

use super::Db;
use super::query::{Arg, bind_all};
use crate::error::AppError;

/// A piece matched by more names than this narrows too little: the search reads names instead.
pub const RARE_ENOUGH: i64 = 5_000;
/// At most this many pieces of a long search are weighed.
const MAX_PIECES: usize = 8;

/// The two- and three-character pieces of a name, ASCII letters lowercased (as SQLite's
/// `lower` and the PostgreSQL migration do).
pub fn name_grams(name: &str) -> BTreeSet<String> {
    let chars: Vec<char> = name.to_ascii_lowercase().chars().collect();
    let mut grams = BTreeSet::new();
    for len in [2, 3] {
        for w in chars.windows(len) {
            grams.insert(w.iter().collect());
        }
    }
    grams
}

/// The pieces every name containing `text` must have: its three-character pieces, or the text
/// itself when it is two characters; none for one character (too common to narrow anything).
pub fn search_grams(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.trim().to_ascii_lowercase().chars().collect();
    let len = if chars.len() >= 3 { 3 } else { 2 };
    let mut out: Vec<String> = chars
        .windows(len)
        .map(|w| w.iter().collect::<String>())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    out.truncate(MAX_PIECES);
    out
}

/// Writes the pieces of `$people` (`&[(id, name)]`) through `$conn`, a few hundred rows per
/// statement.
macro_rules! write_name_grams {
    ($conn:expr, $people:expr) => {{
        let rows: Vec<(String, i64)> = $people
            .iter()
            .flat_map(|(id, name): &(i64, String)| {
                $crate::server::db::name_grams::name_grams(name)
                    .into_iter()
                    .map(move |g| (g, *id))
            })
            .collect();
        for chunk in rows.chunks(400) {
            let marks: Vec<String> = (0..chunk.len())
                .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
                .collect();
            let sql = format!(
                "INSERT INTO volunteer_name_grams (gram, volunteer_id) VALUES {}
                 ON CONFLICT DO NOTHING",
                marks.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for (gram, id) in chunk {
                q = q.bind(gram.as_str()).bind(*id);
            }
            q.execute(&mut *$conn).await?;
        }
    }};
}
pub(crate) use write_name_grams;

impl Db {
    /// The piece of `text` the fewest names have, if few enough have it to narrow a search.
    pub async fn rarest_name_gram(&self, text: &str) -> Result<Option<String>, AppError> {
        let grams = search_grams(text);
        if grams.is_empty() {
            return Ok(None);
        }
        // One round trip: each piece counted up to the cap.
        let parts: Vec<String> = (0..grams.len())
            .map(|i| {
                format!(
                    "SELECT {i} AS k, COUNT(*) AS n FROM (SELECT 1 FROM volunteer_name_grams
                     WHERE gram = ${} LIMIT {}) c{i}",
                    i + 1,
                    RARE_ENOUGH + 1
                )
            })
            .collect();
        let sql = parts.join(" UNION ALL ");
        let args: Vec<Arg> = grams.iter().map(|g| Arg::Text(g.clone())).collect();
        let counts: Vec<(i32, i64)> = with_pool!(self, pool => {
            bind_all!(sqlx::query_as(&sql), &args).fetch_all(pool).await?
        });
        Ok(counts
            .into_iter()
            .filter(|(_, n)| *n <= RARE_ENOUGH)
            .min_by_key(|(_, n)| *n)
            .and_then(|(k, _)| usize::try_from(k).ok())
            .and_then(|k| grams.get(k).cloned()))
    }

    /// Writes the name pieces of every volunteer again (after a bulk load), in batches.
    pub async fn rebuild_name_grams(&self) -> Result<(), AppError> {
        const BATCH: i64 = 10_000;
        with_pool!(self, pool => {
            sqlx::query("DELETE FROM volunteer_name_grams").execute(pool).await?;
        });
        let mut after = 0_i64;
        loop {
            let people: Vec<(i64, String)> = with_pool!(self, pool => {
                sqlx::query_as(&format!(
                    "SELECT id, name FROM volunteers WHERE id > $1 ORDER BY id LIMIT {BATCH}"
                ))
                .bind(after)
                .fetch_all(pool)
                .await?
            });
            let Some((last, _)) = people.last() else {
                break;
            };
            after = *last;
            with_tx!(self, tx => {
                write_name_grams!(tx, &people);
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_searches_break_into_the_same_pieces() {
        let grams = name_grams("欧阳娜娜");
        for piece in ["欧阳", "阳娜", "娜娜", "欧阳娜", "阳娜娜"] {
            assert!(grams.contains(piece), "{piece}");
        }
        assert_eq!(grams.len(), 5);
        assert_eq!(search_grams(" 阳娜 "), vec!["阳娜".to_owned()]);
        assert_eq!(search_grams("娜"), Vec::<String>::new());
        assert_eq!(
            search_grams("Li M"),
            vec!["i m".to_owned(), "li ".to_owned()]
        );
        // Every piece of a search is a piece of any name containing it.
        let name = name_grams("Li Ming 李明");
        for piece in search_grams("ING 李") {
            assert!(name.contains(&piece), "{piece}");
        }
        assert!(search_grams("一二三四五六七八九十壹贰").len() <= 8);
    }
}
