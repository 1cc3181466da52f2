-- Distinct volunteers over any run of whole months, for one node of the tree and one group
-- (a project, or the node one level below): a volunteer counts once in months a..b when one of
-- the months they served in (in that node and group) lies in a..b and the one before it, if
-- any, lies before a. So each served month is kept with the month that volunteer served in
-- before it (1900-01-01 for their first), counted: the number of people in a..b is the sum of
-- the rows with a <= month_start <= b and prev_month < a. A custom report range of a province
-- then reads a few thousand rows instead of counting distinct people among millions of
-- volunteer-months. A third group, ('home', 0), is kept at each volunteer's home station only:
-- the months they served in anywhere, which the overview's active volunteers count (they add
-- up over stations, each volunteer having one home station). Kept with every confirmation
-- and correction, as node_period_totals is (Db::confirm_hours). Same table as the PostgreSQL version.
CREATE TABLE node_month_returns (
    node_id BIGINT NOT NULL REFERENCES stations(id),
    group_kind TEXT NOT NULL,
    group_id BIGINT NOT NULL,
    month_start TEXT NOT NULL,
    prev_month TEXT NOT NULL,
    volunteers BIGINT NOT NULL,
    PRIMARY KEY (node_id, group_kind, month_start, group_id, prev_month)
);

-- backfill: each station's ancestors (with the child on the way down) joined to the months a
-- volunteer served in, and each such month's predecessor for the same person, node and group.
-- Tests run this part again against their own records.
WITH RECURSIVE up (station_id, node_id, child_id) AS (
    SELECT id, id, id FROM stations
    UNION ALL
    SELECT up.station_id, n.parent_id, up.node_id FROM up JOIN stations n ON n.id = up.node_id
    WHERE n.parent_id IS NOT NULL
),
served (node_id, group_kind, group_id, volunteer_id, month_start) AS (
    SELECT DISTINCT up.node_id, g.group_kind,
           CASE g.group_kind WHEN 'project' THEN m.project_id ELSE up.child_id END,
           m.volunteer_id, m.month_start
    FROM volunteer_months m
    JOIN up ON up.station_id = m.station_id
    CROSS JOIN (SELECT 'project' AS group_kind UNION ALL SELECT 'child') g
    WHERE m.minutes > 0
    UNION
    SELECT v.station_id, 'home', 0, m.volunteer_id, m.month_start
    FROM volunteer_months m JOIN volunteers v ON v.id = m.volunteer_id
    WHERE m.minutes > 0
)
INSERT INTO node_month_returns (node_id, group_kind, group_id, month_start, prev_month, volunteers)
SELECT x.node_id, x.group_kind, x.group_id, x.month_start, x.prev_month, COUNT(*)
FROM (
    SELECT node_id, group_kind, group_id, month_start,
           COALESCE(LAG(month_start) OVER (PARTITION BY node_id, group_kind, group_id, volunteer_id
                                           ORDER BY month_start), '1900-01-01') AS prev_month
    FROM served
) x
GROUP BY x.node_id, x.group_kind, x.group_id, x.month_start, x.prev_month;
