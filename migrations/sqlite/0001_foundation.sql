-- Foundation: stations, accounts, roles, sessions, sign-in throttling, audit log, projects.
-- Timestamps are written by the application in UTC (RFC 3339 text here, TIMESTAMPTZ in
-- PostgreSQL); never CURRENT_TIMESTAMP, whose text sorts differently.

CREATE TABLE stations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    parent_id BIGINT REFERENCES stations(id),
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    mobile TEXT UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL
);

CREATE TABLE role_assignments (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('trainee', 'mentor', 'coordinator', 'admin')),
    station_id BIGINT NOT NULL REFERENCES stations(id),
    granted_by BIGINT REFERENCES users(id),
    granted_at TEXT NOT NULL,
    revoked_by BIGINT REFERENCES users(id),
    revoked_at TEXT
);
CREATE UNIQUE INDEX role_assignments_one_active
    ON role_assignments (user_id, role, station_id) WHERE revoked_at IS NULL;
CREATE INDEX role_assignments_station ON role_assignments (station_id, role);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ip TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    account_key TEXT NOT NULL,
    ip TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_account ON login_failures (account_key, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id BIGINT REFERENCES users(id),
    station_id BIGINT REFERENCES stations(id),
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT,
    ip TEXT
);
CREATE INDEX audit_log_station ON audit_log (station_id, id);

-- The audit log is append-only, whatever code runs against the database.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description_md TEXT NOT NULL DEFAULT '',
    station_id BIGINT NOT NULL REFERENCES stations(id),
    created_at TEXT NOT NULL
);
