-- PostgreSQL's 0019 keeps one plan for the who-is-signed-in lookup in a function (its
-- connections otherwise plan every query afresh). SQLite keeps each prepared statement's plan
-- already, and the data layer runs the same query inline: nothing to change here.
SELECT 1;
