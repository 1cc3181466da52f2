-- PostgreSQL's 0022 moves the data version once per transaction instead of once per
-- statement (each update there leaves a row version that later updates in the transaction
-- walk). SQLite updates the one row in place, so its triggers stay: nothing to change here.
SELECT 1;
