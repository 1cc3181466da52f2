-- Registered (active) volunteers per home station, kept by a trigger in the transaction that
-- registers a volunteer, changes their status or moves them, so the overview of a province
-- reads one row per station instead of counting 200,000 volunteers on every page view.
-- Same table as the SQLite version.
CREATE TABLE station_volunteer_counts (
    station_id BIGINT PRIMARY KEY REFERENCES stations(id),
    active BIGINT NOT NULL
);

INSERT INTO station_volunteer_counts (station_id, active)
SELECT station_id, COUNT(*) FROM volunteers WHERE status = 'active' GROUP BY station_id;

CREATE FUNCTION station_volunteer_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'active' THEN
        UPDATE station_volunteer_counts SET active = active - 1
        WHERE station_id = OLD.station_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'active' THEN
        INSERT INTO station_volunteer_counts (station_id, active) VALUES (NEW.station_id, 1)
        ON CONFLICT (station_id)
        DO UPDATE SET active = station_volunteer_counts.active + 1;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER station_volunteer_counts_insert_delete AFTER INSERT OR DELETE ON volunteers
    FOR EACH ROW EXECUTE FUNCTION station_volunteer_counts_keep();
CREATE TRIGGER station_volunteer_counts_update AFTER UPDATE OF status, station_id ON volunteers
    FOR EACH ROW
    WHEN ((OLD.status = 'active') IS DISTINCT FROM (NEW.status = 'active')
          OR OLD.station_id IS DISTINCT FROM NEW.station_id)
    EXECUTE FUNCTION station_volunteer_counts_keep();
