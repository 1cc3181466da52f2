-- A number that every write to the data pages show moves on, in the writing transaction (once
-- per statement), so a page's figures can be kept in memory and reused for as long as the
-- number has not moved: the one query every signed-in request runs (who is signed in) reads it
-- too. Not moved by sessions, sign-in throttling or the audit log, which no cached page shows.
-- Same table as the SQLite version.
CREATE TABLE data_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);

CREATE FUNCTION data_version_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_version SET version = version + 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER activation_codes_moves_version AFTER INSERT OR UPDATE OR DELETE ON activation_codes
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER activities_moves_version AFTER INSERT OR UPDATE OR DELETE ON activities
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER certificates_moves_version AFTER INSERT OR UPDATE OR DELETE ON certificates
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER checkin_events_moves_version AFTER INSERT OR UPDATE OR DELETE ON checkin_events
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER checkin_secrets_moves_version AFTER INSERT OR UPDATE OR DELETE ON checkin_secrets
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER enrolments_moves_version AFTER INSERT OR UPDATE OR DELETE ON enrolments
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER framework_areas_moves_version AFTER INSERT OR UPDATE OR DELETE ON framework_areas
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER framework_items_moves_version AFTER INSERT OR UPDATE OR DELETE ON framework_items
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER framework_versions_moves_version AFTER INSERT OR UPDATE OR DELETE ON framework_versions
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER hour_month_totals_moves_version AFTER INSERT OR UPDATE OR DELETE ON hour_month_totals
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER hour_records_moves_version AFTER INSERT OR UPDATE OR DELETE ON hour_records
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER node_period_totals_moves_version AFTER INSERT OR UPDATE OR DELETE ON node_period_totals
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER offline_submissions_moves_version AFTER INSERT OR UPDATE OR DELETE ON offline_submissions
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER pairings_moves_version AFTER INSERT OR UPDATE OR DELETE ON pairings
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER practice_items_moves_version AFTER INSERT OR UPDATE OR DELETE ON practice_items
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER practices_moves_version AFTER INSERT OR UPDATE OR DELETE ON practices
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER project_stations_moves_version AFTER INSERT OR UPDATE OR DELETE ON project_stations
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER projects_moves_version AFTER INSERT OR UPDATE OR DELETE ON projects
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER qualifications_moves_version AFTER INSERT OR UPDATE OR DELETE ON qualifications
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER reflection_comments_moves_version AFTER INSERT OR UPDATE OR DELETE ON reflection_comments
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER reflections_moves_version AFTER INSERT OR UPDATE OR DELETE ON reflections
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER request_comments_moves_version AFTER INSERT OR UPDATE OR DELETE ON request_comments
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER role_assignments_moves_version AFTER INSERT OR UPDATE OR DELETE ON role_assignments
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER settings_moves_version AFTER INSERT OR UPDATE OR DELETE ON settings
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER signoff_decisions_moves_version AFTER INSERT OR UPDATE OR DELETE ON signoff_decisions
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER signoff_requests_moves_version AFTER INSERT OR UPDATE OR DELETE ON signoff_requests
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER station_active_volunteers_moves_version AFTER INSERT OR UPDATE OR DELETE ON station_active_volunteers
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER station_volunteer_counts_moves_version AFTER INSERT OR UPDATE OR DELETE ON station_volunteer_counts
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER stations_moves_version AFTER INSERT OR UPDATE OR DELETE ON stations
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER supervision_actions_moves_version AFTER INSERT OR UPDATE OR DELETE ON supervision_actions
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER supervision_attendees_moves_version AFTER INSERT OR UPDATE OR DELETE ON supervision_attendees
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER supervision_corrections_moves_version AFTER INSERT OR UPDATE OR DELETE ON supervision_corrections
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER supervision_sessions_moves_version AFTER INSERT OR UPDATE OR DELETE ON supervision_sessions
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER trainings_moves_version AFTER INSERT OR UPDATE OR DELETE ON trainings
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER users_moves_version AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER volunteer_months_moves_version AFTER INSERT OR UPDATE OR DELETE ON volunteer_months
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER volunteer_name_grams_moves_version AFTER INSERT OR UPDATE OR DELETE ON volunteer_name_grams
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER volunteer_totals_moves_version AFTER INSERT OR UPDATE OR DELETE ON volunteer_totals
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
CREATE TRIGGER volunteers_moves_version AFTER INSERT OR UPDATE OR DELETE ON volunteers
    FOR EACH STATEMENT EXECUTE FUNCTION data_version_move();
