-- Lists of hour records, newest first, within a scope of stations: a station's or county's
-- list walks its stations' records in date order from an index alone, a province's list walks
-- the date index and reads each entry's station from it, so neither reads table rows to
-- choose a page (a deep page is an index walk). Same indexes as the other backend's version.
DROP INDEX hour_records_served;
CREATE INDEX hour_records_served ON hour_records (served_on, id, station_id);
CREATE INDEX hour_records_station_served ON hour_records (station_id, served_on, id);
-- Records waiting for confirmation are few among millions: the waiting lists and counts (the
-- home page's "n waiting") read them from their own small index.
CREATE INDEX hour_records_waiting ON hour_records (station_id, served_on, id)
    WHERE status = 'submitted';
