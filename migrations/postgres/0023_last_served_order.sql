-- The roster in "last served" order reads its page down an index, as the order by hours does:
-- over everyone's running totals, and over a calendar month, quarter or year's kept sums (the
-- station is in the index, so checking the scope reads no row). A missing date sorts first
-- going up and last going down, as the roster shows them (and as SQLite sorts them), so the
-- index keeps it first: read backwards it gives the other order.
CREATE INDEX volunteer_totals_last ON volunteer_totals (last_served_on NULLS FIRST, volunteer_id);
CREATE INDEX volunteer_periods_last
    ON volunteer_periods (months, period_start, last_served_on NULLS FIRST, volunteer_id, station_id);
