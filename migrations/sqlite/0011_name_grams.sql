-- Two- and three-character pieces of every volunteer's name (ASCII letters lowercased), so a
-- name search looks up the rarest piece of what was typed instead of reading every name with
-- LIKE '%…%'. Chinese names are two or three characters, below what trigram indexes (FTS5
-- trigram, pg_trgm) can use, hence two-character pieces too. The search still checks the
-- whole name with LIKE, so the pieces only narrow it. Written at registration (names do not
-- change). Same table as the PostgreSQL version.
CREATE TABLE volunteer_name_grams (
    gram TEXT NOT NULL,
    volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
    PRIMARY KEY (gram, volunteer_id)
) WITHOUT ROWID;

-- backfill: every piece of every name registered so far.
WITH RECURSIVE pos (id, name, i) AS (
    SELECT id, lower(name), 1 FROM volunteers
    UNION ALL
    SELECT id, name, i + 1 FROM pos WHERE i + 1 < length(name)
)
INSERT OR IGNORE INTO volunteer_name_grams (gram, volunteer_id)
SELECT substr(name, i, 2), id FROM pos WHERE i + 1 <= length(name)
UNION
SELECT substr(name, i, 3), id FROM pos WHERE i + 2 <= length(name);
