-- Each volunteer's hours in each calendar month, quarter and year (the periods reports keep),
-- summed over every project and station from their month rows and kept in the same
-- transaction as every confirmation. The roster of "served this quarter" sorted by hours then
-- walks an index for its page instead of summing every volunteer's months. A row exists only
-- for a volunteer who served in the period (an activity with minutes); `station_id` is their
-- home station, which never moves, so a station's or a county's volunteers are found here too.
CREATE TABLE volunteer_periods (
    months BIGINT NOT NULL,
    period_start TEXT NOT NULL,
    volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
    station_id BIGINT NOT NULL REFERENCES stations(id),
    service_minutes BIGINT NOT NULL,
    training_minutes BIGINT NOT NULL,
    scan_minutes BIGINT NOT NULL,
    activities BIGINT NOT NULL,
    last_served_on TEXT,
    PRIMARY KEY (volunteer_id, months, period_start)
);
-- A page by hours over everyone (the station is in the index, so checking the scope reads no
-- row), and over one station's volunteers.
CREATE INDEX volunteer_periods_hours
    ON volunteer_periods (months, period_start, service_minutes, volunteer_id, station_id);
CREATE INDEX volunteer_periods_station
    ON volunteer_periods (station_id, months, period_start, service_minutes, volunteer_id);

CREATE TRIGGER volunteer_periods_moves_version_insert AFTER INSERT ON volunteer_periods
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER volunteer_periods_moves_version_update AFTER UPDATE ON volunteer_periods
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER volunteer_periods_moves_version_delete AFTER DELETE ON volunteer_periods
BEGIN UPDATE data_version SET version = version + 1; END;

-- backfill (the data-layer tests run what follows again)
INSERT INTO volunteer_periods (months, period_start, volunteer_id, station_id, service_minutes,
                               training_minutes, scan_minutes, activities, last_served_on)
SELECT p.months, p.period_start, m.volunteer_id, v.station_id,
       SUM(CASE WHEN m.kind = 'service' THEN m.minutes ELSE 0 END),
       SUM(CASE WHEN m.kind = 'training' THEN m.minutes ELSE 0 END),
       SUM(CASE WHEN m.kind = 'service' THEN m.scan_minutes ELSE 0 END),
       SUM(m.activities), MAX(m.last_served_on)
FROM volunteer_months m JOIN volunteers v ON v.id = m.volunteer_id
JOIN (SELECT DISTINCT month_start, 1 AS months, month_start AS period_start FROM volunteer_months
      UNION ALL
      SELECT DISTINCT month_start, 3,
             date(month_start, '-' || ((CAST(strftime('%m', month_start) AS INTEGER) - 1) % 3) || ' months')
      FROM volunteer_months
      UNION ALL
      SELECT DISTINCT month_start, 12, date(month_start, 'start of year') FROM volunteer_months) p
  ON p.month_start = m.month_start
GROUP BY p.months, p.period_start, m.volunteer_id, v.station_id
HAVING SUM(m.activities) > 0;
