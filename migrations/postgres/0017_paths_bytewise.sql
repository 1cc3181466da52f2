-- A subtree is found as a range of paths (`/1/34/` up to, not including, `/1/340`), which
-- holds only when paths compare byte by byte: in the C collation, whatever the database's
-- default. The index then serves those ranges (and prefix LIKEs) directly.
DROP INDEX stations_path;
ALTER TABLE stations ALTER COLUMN path TYPE TEXT COLLATE "C";
CREATE INDEX stations_path ON stations (path);
-- Changing the column's type drops its statistics; without them the planner guesses a subtree
-- holds a few stations and picks nested loops for a province's 2,000 (home 17 → 31 ms).
ANALYZE stations;
