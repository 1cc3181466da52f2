-- Two- and three-character pieces of every volunteer's name (ASCII letters lowercased), so a
-- name search looks up the rarest piece of what was typed instead of reading every name with
-- LIKE '%…%'. Chinese names are two or three characters, below what trigram indexes (FTS5
-- trigram, pg_trgm) can use, hence two-character pieces too. The search still checks the
-- whole name with LIKE, so the pieces only narrow it. Written at registration (names do not
-- change). Same table as the SQLite version.
CREATE TABLE volunteer_name_grams (
    gram TEXT NOT NULL,
    volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
    PRIMARY KEY (gram, volunteer_id)
);

-- backfill: every piece of every name registered so far.
INSERT INTO volunteer_name_grams (gram, volunteer_id)
SELECT DISTINCT substr(v.n, i, k), v.id
FROM (SELECT id, translate(name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS n
      FROM volunteers) v
CROSS JOIN LATERAL generate_series(1, char_length(v.n)) AS i
CROSS JOIN (VALUES (2), (3)) AS lens (k)
WHERE i + k - 1 <= char_length(v.n)
ON CONFLICT DO NOTHING;
