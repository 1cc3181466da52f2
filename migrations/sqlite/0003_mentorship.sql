-- Mentorship: pairings, supervision sessions with confirmations and actions, reflections,
-- and the thresholds oversight uses.

CREATE TABLE pairings (
    id INTEGER PRIMARY KEY,
    trainee_id BIGINT NOT NULL REFERENCES users(id),
    mentor_id BIGINT NOT NULL REFERENCES users(id),
    is_primary BOOLEAN NOT NULL,
    station_id BIGINT NOT NULL REFERENCES stations(id),
    starts_on TEXT NOT NULL,
    planned_end_on TEXT,
    agreement_md TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'completed', 'ended_early')),
    end_reason TEXT NOT NULL DEFAULT '',
    ended_at TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL
);
-- At most one active primary mentor per trainee.
CREATE UNIQUE INDEX pairings_one_active_primary ON pairings (trainee_id)
    WHERE status = 'active' AND is_primary;
CREATE INDEX pairings_mentor ON pairings (mentor_id, status);

CREATE TABLE supervision_sessions (
    id INTEGER PRIMARY KEY,
    mentor_id BIGINT NOT NULL REFERENCES users(id),
    held_on TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    form TEXT NOT NULL CHECK (form IN ('individual', 'group')),
    channel TEXT NOT NULL CHECK (channel IN ('in_person', 'phone', 'online')),
    functions TEXT NOT NULL,
    topics TEXT NOT NULL,
    notes_md TEXT NOT NULL,
    item_codes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE supervision_attendees (
    session_id BIGINT NOT NULL REFERENCES supervision_sessions(id),
    trainee_id BIGINT NOT NULL REFERENCES users(id),
    confirmed_at TEXT,
    remarks TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session_id, trainee_id)
);
CREATE INDEX supervision_attendees_trainee ON supervision_attendees (trainee_id);

CREATE TABLE supervision_actions (
    id INTEGER PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES supervision_sessions(id),
    owner_id BIGINT NOT NULL REFERENCES users(id),
    description TEXT NOT NULL,
    due_on TEXT NOT NULL,
    done_at TEXT,
    done_by BIGINT REFERENCES users(id)
);

-- Corrections to a confirmed session are appended, never written over it.
CREATE TABLE supervision_corrections (
    id INTEGER PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES supervision_sessions(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE reflections (
    id INTEGER PRIMARY KEY,
    trainee_id BIGINT NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    body_md TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE reflection_comments (
    id INTEGER PRIMARY KEY,
    reflection_id BIGINT NOT NULL REFERENCES reflections(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO settings (key, value) VALUES
    ('mentor_load_limit', 5),
    ('supervision_overdue_days', 30),
    ('signoff_wait_days', 7);
