-- Custom report ranges that start or end in the middle of a month, for one node of the tree
-- and one group: each day someone served (in that node and group) kept with the day they
-- served before it (1900-01-01 for their first), counted, with the day's minutes. The people
-- in days a..b are the rows with a <= day <= b and prev_day < a; the months between a
-- range's end months come from node_month_returns, and the rows whose day lies in those
-- months and whose prev_day lies in the start month before a add the people who served there
-- only before the range began. So a province's 15 June - 20 August reads its two end months'
-- day rows instead of every volunteer's records. Groups: 'all' (0), 'project', 'child' (the
-- node below towards the recording station, the node itself for its own records) and 'home'
-- (served anywhere, kept at every node above the volunteer's home station with the node below
-- towards it: the overview's active volunteers). Kept with every confirmation and correction
-- (Db::confirm_hours). Same table as the SQLite version.
CREATE TABLE node_day_returns (
    node_id BIGINT NOT NULL REFERENCES stations(id),
    group_kind TEXT NOT NULL,
    group_id BIGINT NOT NULL,
    day DATE NOT NULL,
    prev_day DATE NOT NULL,
    volunteers BIGINT NOT NULL,
    service_minutes BIGINT NOT NULL,
    training_minutes BIGINT NOT NULL,
    scan_minutes BIGINT NOT NULL,
    PRIMARY KEY (node_id, group_kind, day, group_id, prev_day)
);
-- The people who served in a range's start month only before it began, found by the day
-- they served before.
CREATE INDEX node_day_returns_by_prev ON node_day_returns (node_id, group_kind, prev_day, day);

-- backfill: each volunteer's days per recording station and project from the records that
-- count, joined to every node above the station (and above their home station), and each
-- served day's predecessor for the same person, node and group. Tests run this part again
-- against their own records.
WITH RECURSIVE up (station_id, node_id, child_id) AS (
    SELECT id, id, id FROM stations
    UNION ALL
    SELECT up.station_id, n.parent_id, up.node_id FROM up JOIN stations n ON n.id = up.node_id
    WHERE n.parent_id IS NOT NULL
),
days (volunteer_id, station_id, project_id, home_id, day, service, training, scan, served) AS (
    SELECT r.volunteer_id, r.station_id, a.project_id, v.station_id, r.served_on,
           SUM(CASE WHEN r.kind = 'service' THEN r.minutes ELSE 0 END),
           SUM(CASE WHEN r.kind = 'training' THEN r.minutes ELSE 0 END),
           SUM(CASE WHEN r.kind = 'service' AND r.source = 'scan' THEN r.minutes ELSE 0 END),
           MAX(CASE WHEN r.minutes > 0 THEN 1 ELSE 0 END)
    FROM hour_records r JOIN activities a ON a.id = r.activity_id
    JOIN volunteers v ON v.id = r.volunteer_id
    WHERE r.status = 'confirmed' AND NOT EXISTS (
        SELECT 1 FROM hour_records c WHERE c.amends_id = r.id AND c.status = 'confirmed')
    GROUP BY r.volunteer_id, r.station_id, a.project_id, v.station_id, r.served_on
),
served (node_id, group_kind, group_id, volunteer_id, day, service, training, scan) AS (
    SELECT node_id, group_kind, group_id, volunteer_id, day, SUM(service), SUM(training),
           SUM(scan)
    FROM (
        SELECT up.node_id, g.group_kind,
               CASE g.group_kind WHEN 'project' THEN d.project_id
                                 WHEN 'child' THEN up.child_id ELSE 0 END AS group_id,
               d.volunteer_id, d.day, d.service, d.training, d.scan, d.served
        FROM days d JOIN up ON up.station_id = d.station_id
        CROSS JOIN (SELECT 'all' AS group_kind UNION ALL SELECT 'project'
                    UNION ALL SELECT 'child') g
        UNION ALL
        SELECT up.node_id, 'home', up.child_id, d.volunteer_id, d.day, d.service, d.training,
               d.scan, d.served
        FROM days d JOIN up ON up.station_id = d.home_id
    ) x
    GROUP BY node_id, group_kind, group_id, volunteer_id, day
    HAVING MAX(served) = 1
)
INSERT INTO node_day_returns (node_id, group_kind, group_id, day, prev_day, volunteers,
                              service_minutes, training_minutes, scan_minutes)
SELECT y.node_id, y.group_kind, y.group_id, y.day, y.prev_day, COUNT(*), SUM(y.service),
       SUM(y.training), SUM(y.scan)
FROM (
    SELECT node_id, group_kind, group_id, day, service, training, scan,
           COALESCE(LAG(day) OVER (PARTITION BY node_id, group_kind, group_id, volunteer_id
                                   ORDER BY day), DATE '1900-01-01') AS prev_day
    FROM served
) y
GROUP BY y.node_id, y.group_kind, y.group_id, y.day, y.prev_day;
