-- Active volunteers (served at least once, any kind) per home station and calendar month,
-- quarter and year, kept with every confirmation like the month totals, so the overview of a
-- province adds up a row per station instead of counting distinct people among millions of
-- volunteer-months. Each volunteer has one home station, so the rows of a subtree add up.
-- Same table as the PostgreSQL version.
CREATE TABLE station_active_volunteers (
    months BIGINT NOT NULL,
    period_start TEXT NOT NULL,
    station_id BIGINT NOT NULL REFERENCES stations(id),
    volunteers BIGINT NOT NULL,
    PRIMARY KEY (months, period_start, station_id)
);

INSERT INTO station_active_volunteers (months, period_start, station_id, volunteers)
SELECT 1, m.month_start, v.station_id, COUNT(DISTINCT m.volunteer_id)
FROM volunteer_months m JOIN volunteers v ON v.id = m.volunteer_id
WHERE m.minutes > 0 GROUP BY m.month_start, v.station_id;

INSERT INTO station_active_volunteers (months, period_start, station_id, volunteers)
SELECT 3, date(m.month_start, '-' || ((CAST(strftime('%m', m.month_start) AS INTEGER) - 1) % 3) || ' months'),
       v.station_id, COUNT(DISTINCT m.volunteer_id)
FROM volunteer_months m JOIN volunteers v ON v.id = m.volunteer_id
WHERE m.minutes > 0
GROUP BY date(m.month_start, '-' || ((CAST(strftime('%m', m.month_start) AS INTEGER) - 1) % 3) || ' months'),
         v.station_id;

INSERT INTO station_active_volunteers (months, period_start, station_id, volunteers)
SELECT 12, date(m.month_start, 'start of year'), v.station_id, COUNT(DISTINCT m.volunteer_id)
FROM volunteer_months m JOIN volunteers v ON v.id = m.volunteer_id
WHERE m.minutes > 0 GROUP BY date(m.month_start, 'start of year'), v.station_id;

-- The overview counts registered volunteers per station from this index alone.
CREATE INDEX volunteers_station_status ON volunteers (station_id, status);
