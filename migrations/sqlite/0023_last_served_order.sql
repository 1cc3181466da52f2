-- The roster in "last served" order reads its page down an index, as the order by hours does:
-- over everyone's running totals, and over a calendar month, quarter or year's kept sums (the
-- station is in the index, so checking the scope reads no row). SQLite sorts a missing date
-- first going up and last going down, as the roster shows them.
CREATE INDEX volunteer_totals_last ON volunteer_totals (last_served_on, volunteer_id);
CREATE INDEX volunteer_periods_last
    ON volunteer_periods (months, period_start, last_served_on, volunteer_id, station_id);
