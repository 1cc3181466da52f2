-- The roster filtered by project or dates sums each volunteer's month rows (not every record):
-- the rows keep what it shows besides minutes, the distinct activities and the last day
-- served (both over records with minutes). An activity's records share one day, station,
-- project and kind, so they fall in one row and the rows' counts add up.
ALTER TABLE volunteer_months ADD COLUMN activities BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN last_served_on DATE;

-- One project's months, for a roster filtered by project over a province.
CREATE INDEX volunteer_months_project ON volunteer_months (project_id, month_start);

-- backfill (the data-layer tests run what follows again)
UPDATE volunteer_months m SET activities = k.activities, last_served_on = k.last_served_on
FROM (SELECT r.volunteer_id, CAST(date_trunc('month', r.served_on) AS DATE) AS month_start,
             r.station_id, a.project_id, r.kind, COUNT(DISTINCT r.activity_id) AS activities,
             MAX(r.served_on) AS last_served_on
      FROM hour_records r JOIN activities a ON a.id = r.activity_id
      WHERE r.minutes > 0 AND r.status = 'confirmed' AND NOT EXISTS (
          SELECT 1 FROM hour_records c WHERE c.amends_id = r.id AND c.status = 'confirmed')
      GROUP BY r.volunteer_id, CAST(date_trunc('month', r.served_on) AS DATE), r.station_id,
               a.project_id, r.kind) k
WHERE k.volunteer_id = m.volunteer_id AND k.month_start = m.month_start
  AND k.station_id = m.station_id AND k.project_id = m.project_id AND k.kind = m.kind;
