-- Continuing education (社会工作者继续教育办法). Same tables as the PostgreSQL version.
--
-- A staff member's certificate level, number and first registration: append-only, the newest
-- row counts (a mistake is corrected by a new row).
CREATE TABLE qualifications (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    level TEXT NOT NULL CHECK (level IN ('none', 'assistant', 'social_worker', 'senior')),
    certificate_no TEXT,
    first_registered TEXT,
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX qualifications_user ON qualifications (user_id, id);
CREATE TRIGGER qualifications_no_update BEFORE UPDATE ON qualifications
BEGIN SELECT RAISE(ABORT, 'qualifications are append-only'); END;
CREATE TRIGGER qualifications_no_delete BEFORE DELETE ON qualifications
BEGIN SELECT RAISE(ABORT, 'qualifications are append-only'); END;

-- Training records. A worker records their own (submitted); an admin of their station confirms
-- or returns it. Confirmed rows never change; a correction is a new row naming the one it
-- replaces (`amends_id`), which stops counting once the correction is confirmed.
CREATE TABLE trainings (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    station_id BIGINT NOT NULL REFERENCES stations(id),
    started_on TEXT NOT NULL,
    ended_on TEXT NOT NULL,
    provider TEXT NOT NULL,
    topic TEXT NOT NULL,
    form TEXT NOT NULL CHECK (form IN ('in_person', 'online', 'degree')),
    minutes BIGINT NOT NULL CHECK (minutes >= 0),
    evidence TEXT NOT NULL,
    summary_md TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('submitted', 'confirmed', 'rejected')),
    amends_id BIGINT REFERENCES trainings(id),
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    recorded_at TEXT NOT NULL,
    confirmed_by BIGINT REFERENCES users(id),
    confirmed_at TEXT,
    rejected_reason TEXT,
    CHECK (ended_on >= started_on)
);
CREATE INDEX trainings_user ON trainings (user_id, ended_on);
CREATE INDEX trainings_station_status ON trainings (station_id, status);
CREATE TRIGGER trainings_confirmed_no_update BEFORE UPDATE ON trainings
WHEN OLD.status = 'confirmed'
BEGIN SELECT RAISE(ABORT, 'confirmed trainings never change'); END;
CREATE TRIGGER trainings_no_delete BEFORE DELETE ON trainings
BEGIN SELECT RAISE(ABORT, 'trainings are never deleted'); END;
