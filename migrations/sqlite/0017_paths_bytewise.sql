-- PostgreSQL's 0017 makes paths compare byte by byte, so that a subtree is a range of paths
-- (`/1/34/` up to, not including, `/1/340`). SQLite already compares TEXT bytewise (BINARY)
-- and its `stations_path` index serves those ranges: nothing to change here.
SELECT 1;
