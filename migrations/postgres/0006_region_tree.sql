-- Region tree: stations form a tree of any depth (province → city → county → township
-- station). `path` lists the ids from the root down to the node itself ('/1/26/3/'), so "the
-- node and everything under it" is `path LIKE '/1/26/%'` and a role held at a node reaches its
-- whole subtree. A node's path never changes once written (nodes are not moved), so nothing
-- that read it can go stale. Same columns as the SQLite version.
ALTER TABLE stations ADD COLUMN kind TEXT NOT NULL DEFAULT 'station'
    CHECK (kind IN ('province', 'city', 'county', 'station'));
ALTER TABLE stations ADD COLUMN path TEXT NOT NULL DEFAULT '';

-- Until now the single root was the county and everything under it a station.
UPDATE stations SET kind = 'county' WHERE parent_id IS NULL;
WITH RECURSIVE tree (id, path) AS (
    SELECT id, '/' || id || '/' FROM stations WHERE parent_id IS NULL
    UNION ALL
    SELECT s.id, tree.path || s.id || '/' FROM stations s JOIN tree ON s.parent_id = tree.id
)
UPDATE stations SET path = tree.path FROM tree WHERE tree.id = stations.id;

-- text_pattern_ops lets `path LIKE 'prefix%'` use the index whatever the database's collation.
CREATE INDEX stations_path ON stations (path text_pattern_ops);
CREATE INDEX stations_parent ON stations (parent_id, name);
