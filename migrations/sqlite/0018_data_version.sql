-- A number that every write to the data pages show moves on, in the writing transaction, so a
-- page's figures can be kept in memory and reused for as long as the number has not moved: the
-- one query every signed-in request runs (who is signed in) reads it too. Not moved by
-- sessions, sign-in throttling or the audit log, which no cached page shows.
CREATE TABLE data_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);
CREATE TRIGGER activation_codes_moves_version_insert AFTER INSERT ON activation_codes
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER activation_codes_moves_version_update AFTER UPDATE ON activation_codes
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER activation_codes_moves_version_delete AFTER DELETE ON activation_codes
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER activities_moves_version_insert AFTER INSERT ON activities
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER activities_moves_version_update AFTER UPDATE ON activities
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER activities_moves_version_delete AFTER DELETE ON activities
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER certificates_moves_version_insert AFTER INSERT ON certificates
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER certificates_moves_version_update AFTER UPDATE ON certificates
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER certificates_moves_version_delete AFTER DELETE ON certificates
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER checkin_events_moves_version_insert AFTER INSERT ON checkin_events
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER checkin_events_moves_version_update AFTER UPDATE ON checkin_events
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER checkin_events_moves_version_delete AFTER DELETE ON checkin_events
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER checkin_secrets_moves_version_insert AFTER INSERT ON checkin_secrets
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER checkin_secrets_moves_version_update AFTER UPDATE ON checkin_secrets
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER checkin_secrets_moves_version_delete AFTER DELETE ON checkin_secrets
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER enrolments_moves_version_insert AFTER INSERT ON enrolments
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER enrolments_moves_version_update AFTER UPDATE ON enrolments
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER enrolments_moves_version_delete AFTER DELETE ON enrolments
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER framework_areas_moves_version_insert AFTER INSERT ON framework_areas
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER framework_areas_moves_version_update AFTER UPDATE ON framework_areas
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER framework_areas_moves_version_delete AFTER DELETE ON framework_areas
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER framework_items_moves_version_insert AFTER INSERT ON framework_items
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER framework_items_moves_version_update AFTER UPDATE ON framework_items
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER framework_items_moves_version_delete AFTER DELETE ON framework_items
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER framework_versions_moves_version_insert AFTER INSERT ON framework_versions
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER framework_versions_moves_version_update AFTER UPDATE ON framework_versions
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER framework_versions_moves_version_delete AFTER DELETE ON framework_versions
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER hour_month_totals_moves_version_insert AFTER INSERT ON hour_month_totals
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER hour_month_totals_moves_version_update AFTER UPDATE ON hour_month_totals
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER hour_month_totals_moves_version_delete AFTER DELETE ON hour_month_totals
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER hour_records_moves_version_insert AFTER INSERT ON hour_records
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER hour_records_moves_version_update AFTER UPDATE ON hour_records
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER hour_records_moves_version_delete AFTER DELETE ON hour_records
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER node_period_totals_moves_version_insert AFTER INSERT ON node_period_totals
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER node_period_totals_moves_version_update AFTER UPDATE ON node_period_totals
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER node_period_totals_moves_version_delete AFTER DELETE ON node_period_totals
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER offline_submissions_moves_version_insert AFTER INSERT ON offline_submissions
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER offline_submissions_moves_version_update AFTER UPDATE ON offline_submissions
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER offline_submissions_moves_version_delete AFTER DELETE ON offline_submissions
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER pairings_moves_version_insert AFTER INSERT ON pairings
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER pairings_moves_version_update AFTER UPDATE ON pairings
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER pairings_moves_version_delete AFTER DELETE ON pairings
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER practice_items_moves_version_insert AFTER INSERT ON practice_items
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER practice_items_moves_version_update AFTER UPDATE ON practice_items
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER practice_items_moves_version_delete AFTER DELETE ON practice_items
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER practices_moves_version_insert AFTER INSERT ON practices
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER practices_moves_version_update AFTER UPDATE ON practices
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER practices_moves_version_delete AFTER DELETE ON practices
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER project_stations_moves_version_insert AFTER INSERT ON project_stations
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER project_stations_moves_version_update AFTER UPDATE ON project_stations
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER project_stations_moves_version_delete AFTER DELETE ON project_stations
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER projects_moves_version_insert AFTER INSERT ON projects
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER projects_moves_version_update AFTER UPDATE ON projects
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER projects_moves_version_delete AFTER DELETE ON projects
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER qualifications_moves_version_insert AFTER INSERT ON qualifications
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER qualifications_moves_version_update AFTER UPDATE ON qualifications
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER qualifications_moves_version_delete AFTER DELETE ON qualifications
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER reflection_comments_moves_version_insert AFTER INSERT ON reflection_comments
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER reflection_comments_moves_version_update AFTER UPDATE ON reflection_comments
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER reflection_comments_moves_version_delete AFTER DELETE ON reflection_comments
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER reflections_moves_version_insert AFTER INSERT ON reflections
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER reflections_moves_version_update AFTER UPDATE ON reflections
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER reflections_moves_version_delete AFTER DELETE ON reflections
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER request_comments_moves_version_insert AFTER INSERT ON request_comments
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER request_comments_moves_version_update AFTER UPDATE ON request_comments
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER request_comments_moves_version_delete AFTER DELETE ON request_comments
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER role_assignments_moves_version_insert AFTER INSERT ON role_assignments
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER role_assignments_moves_version_update AFTER UPDATE ON role_assignments
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER role_assignments_moves_version_delete AFTER DELETE ON role_assignments
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER settings_moves_version_insert AFTER INSERT ON settings
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER settings_moves_version_update AFTER UPDATE ON settings
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER settings_moves_version_delete AFTER DELETE ON settings
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER signoff_decisions_moves_version_insert AFTER INSERT ON signoff_decisions
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER signoff_decisions_moves_version_update AFTER UPDATE ON signoff_decisions
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER signoff_decisions_moves_version_delete AFTER DELETE ON signoff_decisions
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER signoff_requests_moves_version_insert AFTER INSERT ON signoff_requests
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER signoff_requests_moves_version_update AFTER UPDATE ON signoff_requests
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER signoff_requests_moves_version_delete AFTER DELETE ON signoff_requests
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER station_active_volunteers_moves_version_insert AFTER INSERT ON station_active_volunteers
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER station_active_volunteers_moves_version_update AFTER UPDATE ON station_active_volunteers
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER station_active_volunteers_moves_version_delete AFTER DELETE ON station_active_volunteers
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER station_volunteer_counts_moves_version_insert AFTER INSERT ON station_volunteer_counts
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER station_volunteer_counts_moves_version_update AFTER UPDATE ON station_volunteer_counts
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER station_volunteer_counts_moves_version_delete AFTER DELETE ON station_volunteer_counts
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER stations_moves_version_insert AFTER INSERT ON stations
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER stations_moves_version_update AFTER UPDATE ON stations
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER stations_moves_version_delete AFTER DELETE ON stations
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER supervision_actions_moves_version_insert AFTER INSERT ON supervision_actions
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER supervision_actions_moves_version_update AFTER UPDATE ON supervision_actions
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER supervision_actions_moves_version_delete AFTER DELETE ON supervision_actions
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER supervision_attendees_moves_version_insert AFTER INSERT ON supervision_attendees
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER supervision_attendees_moves_version_update AFTER UPDATE ON supervision_attendees
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER supervision_attendees_moves_version_delete AFTER DELETE ON supervision_attendees
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER supervision_corrections_moves_version_insert AFTER INSERT ON supervision_corrections
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER supervision_corrections_moves_version_update AFTER UPDATE ON supervision_corrections
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER supervision_corrections_moves_version_delete AFTER DELETE ON supervision_corrections
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER supervision_sessions_moves_version_insert AFTER INSERT ON supervision_sessions
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER supervision_sessions_moves_version_update AFTER UPDATE ON supervision_sessions
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER supervision_sessions_moves_version_delete AFTER DELETE ON supervision_sessions
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER trainings_moves_version_insert AFTER INSERT ON trainings
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER trainings_moves_version_update AFTER UPDATE ON trainings
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER trainings_moves_version_delete AFTER DELETE ON trainings
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER users_moves_version_insert AFTER INSERT ON users
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER users_moves_version_update AFTER UPDATE ON users
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER users_moves_version_delete AFTER DELETE ON users
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER volunteer_months_moves_version_insert AFTER INSERT ON volunteer_months
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER volunteer_months_moves_version_update AFTER UPDATE ON volunteer_months
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER volunteer_months_moves_version_delete AFTER DELETE ON volunteer_months
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER volunteer_name_grams_moves_version_insert AFTER INSERT ON volunteer_name_grams
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER volunteer_name_grams_moves_version_update AFTER UPDATE ON volunteer_name_grams
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER volunteer_name_grams_moves_version_delete AFTER DELETE ON volunteer_name_grams
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER volunteer_totals_moves_version_insert AFTER INSERT ON volunteer_totals
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER volunteer_totals_moves_version_update AFTER UPDATE ON volunteer_totals
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER volunteer_totals_moves_version_delete AFTER DELETE ON volunteer_totals
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER volunteers_moves_version_insert AFTER INSERT ON volunteers
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER volunteers_moves_version_update AFTER UPDATE ON volunteers
BEGIN UPDATE data_version SET version = version + 1; END;
CREATE TRIGGER volunteers_moves_version_delete AFTER DELETE ON volunteers
BEGIN UPDATE data_version SET version = version + 1; END;
