-- The projects someone may pick are found through their organising stations (those in the
-- person's subtree and the nodes above it), not by reading every project of a province.
CREATE INDEX projects_station ON projects (station_id);
