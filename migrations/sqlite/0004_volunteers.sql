-- Volunteer hours: volunteers, organising stations, activities, hour records (with amending
-- corrections), per-volunteer totals, certificates. Same tables as the PostgreSQL version.

CREATE TABLE project_stations (
    project_id BIGINT NOT NULL REFERENCES projects(id),
    station_id BIGINT NOT NULL REFERENCES stations(id),
    PRIMARY KEY (project_id, station_id)
);
INSERT INTO project_stations (project_id, station_id) SELECT id, station_id FROM projects;

CREATE TABLE volunteers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    mobile TEXT NOT NULL UNIQUE,
    id_type TEXT,
    id_number TEXT,
    birth_date TEXT NOT NULL,
    gender TEXT NOT NULL,
    station_id BIGINT NOT NULL REFERENCES stations(id),
    team TEXT NOT NULL DEFAULT '',
    skills TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active',
    public_consent BOOLEAN NOT NULL DEFAULT FALSE,
    guardian_name TEXT,
    guardian_relation TEXT,
    guardian_consent_on TEXT,
    account_id BIGINT UNIQUE REFERENCES users(id),
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX volunteers_id_number ON volunteers (id_type, id_number) WHERE id_number IS NOT NULL;
CREATE INDEX volunteers_station_name ON volunteers (station_id, name, id);
CREATE INDEX volunteers_name ON volunteers (name, id);

CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects(id),
    station_id BIGINT NOT NULL REFERENCES stations(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    held_on TEXT NOT NULL,
    start_min BIGINT NOT NULL,
    end_min BIGINT NOT NULL,
    township TEXT NOT NULL,
    village TEXT NOT NULL,
    content TEXT NOT NULL,
    capacity BIGINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX activities_project ON activities (project_id, held_on);
CREATE INDEX activities_station ON activities (station_id, held_on);

-- One row per attendance. `submitted` rows may be confirmed or rejected; a confirmed row never
-- changes (trigger below). A correction is a new row whose `amends_id` names the row it
-- replaces; the replaced row stops counting once the correction is confirmed.
CREATE TABLE hour_records (
    id INTEGER PRIMARY KEY,
    volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
    activity_id BIGINT NOT NULL REFERENCES activities(id),
    station_id BIGINT NOT NULL REFERENCES stations(id),
    served_on TEXT NOT NULL,
    start_min BIGINT NOT NULL,
    end_min BIGINT NOT NULL,
    minutes BIGINT NOT NULL,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    late BOOLEAN NOT NULL DEFAULT FALSE,
    late_reason TEXT,
    over_cap_reason TEXT,
    amends_id BIGINT REFERENCES hour_records(id),
    correction_reason TEXT,
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    recorded_at TEXT NOT NULL,
    first_approved_by BIGINT REFERENCES users(id),
    first_approved_at TEXT,
    confirmed_by BIGINT REFERENCES users(id),
    confirmed_at TEXT,
    rejected_by BIGINT REFERENCES users(id),
    rejected_reason TEXT,
    CHECK (end_min >= start_min AND minutes = end_min - start_min)
);
CREATE INDEX hour_records_volunteer ON hour_records (volunteer_id, served_on);
CREATE INDEX hour_records_activity ON hour_records (activity_id);
-- The hours list pages newest first and reports filter by day.
CREATE INDEX hour_records_served ON hour_records (served_on, id);
CREATE INDEX hour_records_station_status ON hour_records (station_id, status);
CREATE INDEX hour_records_amends ON hour_records (amends_id) WHERE amends_id IS NOT NULL;
-- At most one confirmed correction per record: a chain, never a fork.
CREATE UNIQUE INDEX hour_records_one_correction ON hour_records (amends_id)
    WHERE status = 'confirmed' AND amends_id IS NOT NULL;

CREATE TRIGGER hour_records_confirmed_no_update BEFORE UPDATE ON hour_records
WHEN OLD.status = 'confirmed'
BEGIN SELECT RAISE(ABORT, 'confirmed hour records never change'); END;
CREATE TRIGGER hour_records_no_delete BEFORE DELETE ON hour_records
BEGIN SELECT RAISE(ABORT, 'hour records are never deleted'); END;

-- Confirmed, unamended totals per volunteer, refreshed in the transaction that confirms, so
-- the roster pages through 100,000 volunteers without summing millions of rows.
CREATE TABLE volunteer_totals (
    volunteer_id BIGINT PRIMARY KEY REFERENCES volunteers(id),
    service_minutes BIGINT NOT NULL,
    training_minutes BIGINT NOT NULL,
    activities BIGINT NOT NULL,
    last_served_on TEXT
);
CREATE INDEX volunteer_totals_service ON volunteer_totals (service_minutes, volunteer_id);

CREATE TABLE certificates (
    id INTEGER PRIMARY KEY,
    volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
    station_id BIGINT NOT NULL REFERENCES stations(id),
    from_on TEXT NOT NULL,
    to_on TEXT NOT NULL,
    service_minutes BIGINT NOT NULL,
    training_minutes BIGINT NOT NULL,
    activities BIGINT NOT NULL,
    projects TEXT NOT NULL,
    show_id BOOLEAN NOT NULL,
    person_in_charge TEXT NOT NULL,
    contact TEXT NOT NULL,
    notes TEXT NOT NULL,
    issued_by BIGINT NOT NULL REFERENCES users(id),
    issued_at TEXT NOT NULL
);
CREATE INDEX certificates_volunteer ON certificates (volunteer_id, id);
CREATE TRIGGER certificates_no_update BEFORE UPDATE ON certificates
BEGIN SELECT RAISE(ABORT, 'the certificate register is append-only'); END;
CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates
BEGIN SELECT RAISE(ABORT, 'the certificate register is append-only'); END;

INSERT INTO settings (key, value) VALUES
    ('star_1_hours', 100),
    ('star_2_hours', 300),
    ('star_3_hours', 600),
    ('star_4_hours', 1000),
    ('star_5_hours', 1500),
    ('record_cap_minutes', 720),
    ('late_entry_days', 30);
