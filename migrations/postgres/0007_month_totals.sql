-- Month totals of confirmed hours, kept in the same transaction as every confirmation, so
-- reports and the overview never sum millions of raw records per request. Both tables hold
-- only what the records say (a confirmed record not replaced by a confirmed correction); they
-- are recomputed for the months a confirmation touches, never edited by hand. Same tables as
-- the SQLite version.

-- Minutes and records per recording station, project, month and kind.
CREATE TABLE hour_month_totals (
    station_id BIGINT NOT NULL REFERENCES stations(id),
    project_id BIGINT NOT NULL REFERENCES projects(id),
    month_start DATE NOT NULL,
    kind TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    records BIGINT NOT NULL,
    PRIMARY KEY (station_id, project_id, month_start, kind)
);
CREATE INDEX hour_month_totals_month ON hour_month_totals (month_start, station_id);

-- Who served where in which month (what distinct-volunteer counts need), with their minutes.
CREATE TABLE volunteer_months (
    volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
    month_start DATE NOT NULL,
    station_id BIGINT NOT NULL REFERENCES stations(id),
    project_id BIGINT NOT NULL REFERENCES projects(id),
    kind TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    PRIMARY KEY (volunteer_id, month_start, station_id, project_id, kind)
);
CREATE INDEX volunteer_months_month ON volunteer_months (month_start, station_id);

INSERT INTO volunteer_months (volunteer_id, month_start, station_id, project_id, kind, minutes)
SELECT r.volunteer_id, CAST(date_trunc('month', r.served_on) AS DATE), r.station_id, a.project_id, r.kind,
       SUM(r.minutes)
FROM hour_records r JOIN activities a ON a.id = r.activity_id
WHERE r.status = 'confirmed' AND NOT EXISTS (
    SELECT 1 FROM hour_records c WHERE c.amends_id = r.id AND c.status = 'confirmed')
GROUP BY r.volunteer_id, CAST(date_trunc('month', r.served_on) AS DATE), r.station_id, a.project_id, r.kind;

INSERT INTO hour_month_totals (station_id, project_id, month_start, kind, minutes, records)
SELECT r.station_id, a.project_id, CAST(date_trunc('month', r.served_on) AS DATE), r.kind,
       SUM(r.minutes), COUNT(*)
FROM hour_records r JOIN activities a ON a.id = r.activity_id
WHERE r.status = 'confirmed' AND NOT EXISTS (
    SELECT 1 FROM hour_records c WHERE c.amends_id = r.id AND c.status = 'confirmed')
GROUP BY r.station_id, a.project_id, CAST(date_trunc('month', r.served_on) AS DATE), r.kind;
