-- Report totals per node of the tree (every station and each node above it), period (calendar
-- month, quarter, year, and all time as months = 0 from 1970-01-01) and group: the node as a
-- whole ('all', 0), one project ('project', id), or the node one level below it on the way to
-- the recording station ('child', id; the node itself for records it made). Minutes add up;
-- `volunteers` counts distinct people who served in that node, period and group, which cannot
-- be added up from finer rows, so it is kept here with every confirmation and correction
-- (Db::confirm_hours). Reports of a county, city or province then read a few hundred rows
-- instead of counting distinct people among millions of volunteer-months.
-- Same table as the PostgreSQL version.
CREATE TABLE node_period_totals (
    node_id BIGINT NOT NULL REFERENCES stations(id),
    months BIGINT NOT NULL,
    period_start TEXT NOT NULL,
    group_kind TEXT NOT NULL,
    group_id BIGINT NOT NULL,
    service_minutes BIGINT NOT NULL,
    training_minutes BIGINT NOT NULL,
    volunteers BIGINT NOT NULL,
    PRIMARY KEY (node_id, months, period_start, group_kind, group_id)
);

-- backfill: each station's ancestors (with the child on the way down), joined to the volunteer
-- months, once per period and group. Tests run this part again against their own records.
WITH RECURSIVE up (station_id, node_id, child_id) AS (
    SELECT id, id, id FROM stations
    UNION ALL
    SELECT up.station_id, n.parent_id, up.node_id FROM up JOIN stations n ON n.id = up.node_id
    WHERE n.parent_id IS NOT NULL
)
INSERT INTO node_period_totals (node_id, months, period_start, group_kind, group_id,
                                service_minutes, training_minutes, volunteers)
SELECT up.node_id, 1, m.month_start, 'all', 0,
       CAST(SUM(CASE WHEN m.kind = 'service' THEN m.minutes ELSE 0 END) AS BIGINT),
       CAST(SUM(CASE WHEN m.kind = 'training' THEN m.minutes ELSE 0 END) AS BIGINT),
       COUNT(DISTINCT CASE WHEN m.minutes > 0 THEN m.volunteer_id END)
FROM volunteer_months m JOIN up ON up.station_id = m.station_id
GROUP BY up.node_id, m.month_start;

WITH RECURSIVE up (station_id, node_id, child_id) AS (
    SELECT id, id, id FROM stations
    UNION ALL
    SELECT up.station_id, n.parent_id, up.node_id FROM up JOIN stations n ON n.id = up.node_id
    WHERE n.parent_id IS NOT NULL
)
INSERT INTO node_period_totals (node_id, months, period_start, group_kind, group_id,
                                service_minutes, training_minutes, volunteers)
SELECT up.node_id, 1, m.month_start, 'project', m.project_id,
       CAST(SUM(CASE WHEN m.kind = 'service' THEN m.minutes ELSE 0 END) AS BIGINT),
       CAST(SUM(CASE WHEN m.kind = 'training' THEN m.minutes ELSE 0 END) AS BIGINT),
       COUNT(DISTINCT CASE WHEN m.minutes > 0 THEN m.volunteer_id END)
FROM volunteer_months m JOIN up ON up.station_id = m.station_id
GROUP BY up.node_id, m.month_start, m.project_id;

WITH RECURSIVE up (station_id, node_id, child_id) AS (
    SELECT id, id, id FROM stations
    UNION ALL
    SELECT up.station_id, n.parent_id, up.node_id FROM up JOIN stations n ON n.id = up.node_id
    WHERE n.parent_id IS NOT NULL
)
INSERT INTO node_period_totals (node_id, months, period_start, group_kind, group_id,
                                service_minutes, training_minutes, volunteers)
SELECT up.node_id, 1, m.month_start, 'child', up.child_id,
       CAST(SUM(CASE WHEN m.kind = 'service' THEN m.minutes ELSE 0 END) AS BIGINT),
       CAST(SUM(CASE WHEN m.kind = 'training' THEN m.minutes ELSE 0 END) AS BIGINT),
       COUNT(DISTINCT CASE WHEN m.minutes > 0 THEN m.volunteer_id END)
FROM volunteer_months m JOIN up ON up.station_id = m.station_id
GROUP BY up.node_id, m.month_start, up.child_id;

WITH RECURSIVE up (station_id, node_id, child_id) AS (
    SELECT id, id, id FROM stations
    UNION ALL
    SELECT up.station_id, n.parent_id, up.node_id FROM up JOIN stations n ON n.id = up.node_id
    WHERE n.parent_id IS NOT NULL
)
INSERT INTO node_period_totals (node_id, months, period_start, group_kind, group_id,
                                service_minutes, training_minutes, volunteers)
SELECT up.node_id, 3, date(m.month_start, '-' || ((CAST(strftime('%m', m.month_start) AS INTEGER) - 1) % 3) || ' months'), 'all', 0,
       CAST(SUM(CASE WHEN m.kind = 'service' THEN m.minutes ELSE 0 END) AS BIGINT),
       CAST(SUM(CASE WHEN m.kind = 'training' THEN m.minutes ELSE 0 END) AS BIGINT),
       COUNT(DISTINCT CASE WHEN m.minutes > 0 THEN m.volunteer_id END)
FROM volunteer_months m JOIN up ON up.station_id = m.station_id
GROUP BY up.node_id, date(m.month_start, '-' || ((CAST(strftime('%m', m.month_start) AS INTEGER) - 1) % 3) || ' months');

WITH RECURSIVE up (station_id, node_id, child_id) AS (
    SELECT id, id, id FROM stations
    UNION ALL
    SELECT up.station_id, n.parent_id, up.node_id FROM up JOIN stations n ON n.id = up.node_id
    WHERE n.parent_id IS NOT NULL
)
INSERT INTO node_period_totals (node_id, months, period_start, group_kind, group_id,
                                service_minutes, training_minutes, volunteers)
SELECT up.node_id, 3, date(m.month_start, '-' || ((CAST(strftime('%m', m.month_start) AS INTEGER) - 1) % 3) || ' months'), 'project', m.project_id,
       CAST(SUM(CASE WHEN m.kind = 'service' THEN m.minutes ELSE 0 END) AS BIGINT),
       CAST(SUM(CASE WHEN m.kind = 'training' THEN m.minutes ELSE 0 END) AS BIGINT),
       COUNT(DISTINCT CASE WHEN m.minutes > 0 THEN m.volunteer_id END)
FROM volunteer_months m JOIN up ON up.station_id = m.station_id
GROUP BY up.node_id, date(m.month_start, '-' || ((CAST(strftime('%m', m.month_start) AS INTEGER) - 1) % 3) || ' months'), m.project_id;

WITH RECURSIVE up (station_id, node_id, child_id) AS (
    SELECT id, id, id FROM stations
    UNION ALL
    SELECT up.station_id, n.parent_id, up.node_id FROM up JOIN stations n ON n.id = up.node_id
    WHERE n.parent_id IS NOT NULL
)
INSERT INTO node_period_totals (node_id, months, period_start, group_kind, group_id,
                                service_minutes, training_minutes, volunteers)
SELECT up.node_id, 3, date(m.month_start, '-' || ((CAST(strftime('%m', m.month_start) AS INTEGER) - 1) % 3) || ' months'), 'child', up.child_id,
       CAST(SUM(CASE WHEN m.kind = 'service' THEN m.minutes ELSE 0 END) AS BIGINT),
       CAST(SUM(CASE WHEN m.kind = 'training' THEN m.minutes ELSE 0 END) AS BIGINT),
       COUNT(DISTINCT CASE WHEN m.minutes > 0 THEN m.volunteer_id END)
FROM volunteer_months m JOIN up ON up.station_id = m.station_id
GROUP BY up.node_id, date(m.month_start, '-' || ((CAST(strftime('%m', m.month_start) AS INTEGER) - 1) % 3) || ' months'), up.child_id;

WITH RECURSIVE up (station_id, node_id, child_id) AS (
    SELECT id, id, id FROM stations
    UNION ALL
    SELECT up.station_id, n.parent_id, up.node_id FROM up JOIN stations n ON n.id = up.node_id
    WHERE n.parent_id IS NOT NULL
)
INSERT INTO node_period_totals (node_id, months, period_start, group_kind, group_id,
                                service_minutes, training_minutes, volunteers)
SELECT up.node_id, 12, date(m.month_start, 'start of year'), 'all', 0,
       CAST(SUM(CASE WHEN m.kind = 'service' THEN m.minutes ELSE 0 END) AS BIGINT),
       CAST(SUM(CASE WHEN m.kind = 'training' THEN m.minutes ELSE 0 END) AS BIGINT),
       COUNT(DISTINCT CASE WHEN m.minutes > 0 THEN m.volunteer_id END)
FROM volunteer_months m JOIN up ON up.station_id = m.station_id
GROUP BY up.node_id, date(m.month_start, 'start of year');

WITH RECURSIVE up (station_id, node_id, child_id) AS (
    SELECT id, id, id FROM stations
    UNION ALL
    SELECT up.station_id, n.parent_id, up.node_id FROM up JOIN stations n ON n.id = up.node_id
    WHERE n.parent_id IS NOT NULL
)
INSERT INTO node_period_totals (node_id, months, period_start, group_kind, group_id,
                                service_minutes, training_minutes, volunteers)
SELECT up.node_id, 12, date(m.month_start, 'start of year'), 'project', m.project_id,
       CAST(SUM(CASE WHEN m.kind = 'service' THEN m.minutes ELSE 0 END) AS BIGINT),
       CAST(SUM(CASE WHEN m.kind = 'training' THEN m.minutes ELSE 0 END) AS BIGINT),
       COUNT(DISTINCT CASE WHEN m.minutes > 0 THEN m.volunteer_id END)
FROM volunteer_months m JOIN up ON up.station_id = m.station_id
GROUP BY up.node_id, date(m.month_start, 'start of year'), m.project_id;

WITH RECURSIVE up (station_id, node_id, child_id) AS (
    SELECT id, id, id FROM stations
    UNION ALL
    SELECT up.station_id, n.parent_id, up.node_id FROM up JOIN stations n ON n.id = up.node_id
    WHERE n.parent_id IS NOT NULL
)
INSERT INTO node_period_totals (node_id, months, period_start, group_kind, group_id,
                                service_minutes, training_minutes, volunteers)
SELECT up.node_id, 12, date(m.month_start, 'start of year'), 'child', up.child_id,
       CAST(SUM(CASE WHEN m.kind = 'service' THEN m.minutes ELSE 0 END) AS BIGINT),
       CAST(SUM(CASE WHEN m.kind = 'training' THEN m.minutes ELSE 0 END) AS BIGINT),
       COUNT(DISTINCT CASE WHEN m.minutes > 0 THEN m.volunteer_id END)
FROM volunteer_months m JOIN up ON up.station_id = m.station_id
GROUP BY up.node_id, date(m.month_start, 'start of year'), up.child_id;

WITH RECURSIVE up (station_id, node_id, child_id) AS (
    SELECT id, id, id FROM stations
    UNION ALL
    SELECT up.station_id, n.parent_id, up.node_id FROM up JOIN stations n ON n.id = up.node_id
    WHERE n.parent_id IS NOT NULL
)
INSERT INTO node_period_totals (node_id, months, period_start, group_kind, group_id,
                                service_minutes, training_minutes, volunteers)
SELECT up.node_id, 0, '1970-01-01', 'all', 0,
       CAST(SUM(CASE WHEN m.kind = 'service' THEN m.minutes ELSE 0 END) AS BIGINT),
       CAST(SUM(CASE WHEN m.kind = 'training' THEN m.minutes ELSE 0 END) AS BIGINT),
       COUNT(DISTINCT CASE WHEN m.minutes > 0 THEN m.volunteer_id END)
FROM volunteer_months m JOIN up ON up.station_id = m.station_id
GROUP BY up.node_id;

WITH RECURSIVE up (station_id, node_id, child_id) AS (
    SELECT id, id, id FROM stations
    UNION ALL
    SELECT up.station_id, n.parent_id, up.node_id FROM up JOIN stations n ON n.id = up.node_id
    WHERE n.parent_id IS NOT NULL
)
INSERT INTO node_period_totals (node_id, months, period_start, group_kind, group_id,
                                service_minutes, training_minutes, volunteers)
SELECT up.node_id, 0, '1970-01-01', 'project', m.project_id,
       CAST(SUM(CASE WHEN m.kind = 'service' THEN m.minutes ELSE 0 END) AS BIGINT),
       CAST(SUM(CASE WHEN m.kind = 'training' THEN m.minutes ELSE 0 END) AS BIGINT),
       COUNT(DISTINCT CASE WHEN m.minutes > 0 THEN m.volunteer_id END)
FROM volunteer_months m JOIN up ON up.station_id = m.station_id
GROUP BY up.node_id, m.project_id;

WITH RECURSIVE up (station_id, node_id, child_id) AS (
    SELECT id, id, id FROM stations
    UNION ALL
    SELECT up.station_id, n.parent_id, up.node_id FROM up JOIN stations n ON n.id = up.node_id
    WHERE n.parent_id IS NOT NULL
)
INSERT INTO node_period_totals (node_id, months, period_start, group_kind, group_id,
                                service_minutes, training_minutes, volunteers)
SELECT up.node_id, 0, '1970-01-01', 'child', up.child_id,
       CAST(SUM(CASE WHEN m.kind = 'service' THEN m.minutes ELSE 0 END) AS BIGINT),
       CAST(SUM(CASE WHEN m.kind = 'training' THEN m.minutes ELSE 0 END) AS BIGINT),
       COUNT(DISTINCT CASE WHEN m.minutes > 0 THEN m.volunteer_id END)
FROM volunteer_months m JOIN up ON up.station_id = m.station_id
GROUP BY up.node_id, up.child_id;
