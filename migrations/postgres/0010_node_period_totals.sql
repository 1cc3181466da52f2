-- Report totals per node of the tree (every station and each node above it), period (calendar
-- month, quarter, year, and all time as months = 0 from 1970-01-01) and group: the node as a
-- whole ('all', 0), one project ('project', id), or the node one level below it on the way to
-- the recording station ('child', id; the node itself for records it made). Minutes add up;
-- `volunteers` counts distinct people who served in that node, period and group, which cannot
-- be added up from finer rows, so it is kept here with every confirmation and correction
-- (Db::confirm_hours). Reports of a county, city or province then read a few hundred rows
-- instead of counting distinct people among millions of volunteer-months.
-- Same table as the SQLite version.
CREATE TABLE node_period_totals (
    node_id BIGINT NOT NULL REFERENCES stations(id),
    months BIGINT NOT NULL,
    period_start DATE NOT NULL,
    group_kind TEXT NOT NULL,
    group_id BIGINT NOT NULL,
    service_minutes BIGINT NOT NULL,
    training_minutes BIGINT NOT NULL,
    volunteers BIGINT NOT NULL,
    PRIMARY KEY (node_id, months, period_start, group_kind, group_id)
);

-- backfill: each station's ancestors (with the child on the way down) joined to the volunteer
-- months, once for every period length and group. Tests run this part again against their own
-- records.
WITH RECURSIVE up (station_id, node_id, child_id) AS (
    SELECT id, id, id FROM stations
    UNION ALL
    SELECT up.station_id, n.parent_id, up.node_id FROM up JOIN stations n ON n.id = up.node_id
    WHERE n.parent_id IS NOT NULL
)
INSERT INTO node_period_totals (node_id, months, period_start, group_kind, group_id,
                                service_minutes, training_minutes, volunteers)
SELECT x.node_id, x.months, x.period_start, x.group_kind, x.group_id,
       CAST(SUM(CASE WHEN x.kind = 'service' THEN x.minutes ELSE 0 END) AS BIGINT),
       CAST(SUM(CASE WHEN x.kind = 'training' THEN x.minutes ELSE 0 END) AS BIGINT),
       COUNT(DISTINCT CASE WHEN x.minutes > 0 THEN x.volunteer_id END)
FROM (
    SELECT up.node_id, p.months,
           CASE p.months WHEN 1 THEN m.month_start
                         WHEN 3 THEN CAST(date_trunc('quarter', m.month_start) AS DATE)
                         WHEN 12 THEN CAST(date_trunc('year', m.month_start) AS DATE)
                         ELSE DATE '1970-01-01' END AS period_start,
           g.group_kind,
           CASE g.group_kind WHEN 'all' THEN 0
                             WHEN 'project' THEN m.project_id
                             ELSE up.child_id END AS group_id,
           m.kind, m.minutes, m.volunteer_id
    FROM volunteer_months m
    JOIN up ON up.station_id = m.station_id
    CROSS JOIN (SELECT 1 AS months UNION ALL SELECT 3 UNION ALL SELECT 12 UNION ALL SELECT 0) p
    CROSS JOIN (SELECT 'all' AS group_kind UNION ALL SELECT 'project' UNION ALL SELECT 'child') g
) x
GROUP BY x.node_id, x.months, x.period_start, x.group_kind, x.group_id;
