-- Competencies: versioned frameworks, enrolments, practices, sign-off requests and decisions.
-- Decisions are append-only: a mistake is corrected by a new decision (revoked), never edited.

CREATE TABLE framework_versions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    version BIGINT NOT NULL,
    published_at TEXT,
    published_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (name, version)
);

CREATE TABLE framework_areas (
    id INTEGER PRIMARY KEY,
    version_id BIGINT NOT NULL REFERENCES framework_versions(id),
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    position BIGINT NOT NULL,
    UNIQUE (version_id, code)
);

CREATE TABLE framework_items (
    id INTEGER PRIMARY KEY,
    version_id BIGINT NOT NULL REFERENCES framework_versions(id),
    area_id BIGINT NOT NULL REFERENCES framework_areas(id),
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    description_md TEXT NOT NULL,
    evidence TEXT NOT NULL,
    min_independent BIGINT NOT NULL,
    min_real_observed BIGINT NOT NULL,
    position BIGINT NOT NULL,
    UNIQUE (version_id, code)
);

CREATE TABLE enrolments (
    id INTEGER PRIMARY KEY,
    trainee_id BIGINT NOT NULL REFERENCES users(id),
    version_id BIGINT NOT NULL REFERENCES framework_versions(id),
    enrolled_at TEXT NOT NULL,
    enrolled_by BIGINT REFERENCES users(id),
    ended_at TEXT
);
CREATE UNIQUE INDEX enrolments_one_current ON enrolments (trainee_id) WHERE ended_at IS NULL;

CREATE TABLE practices (
    id INTEGER PRIMARY KEY,
    trainee_id BIGINT NOT NULL REFERENCES users(id),
    practised_on TEXT NOT NULL,
    setting TEXT NOT NULL CHECK (setting IN ('real', 'roleplay', 'shadowing')),
    level TEXT NOT NULL CHECK (level IN ('not_observed', 'prompted', 'independent')),
    mentor_observed BOOLEAN NOT NULL,
    project_id BIGINT REFERENCES projects(id),
    township TEXT NOT NULL,
    village TEXT NOT NULL,
    alias TEXT NOT NULL,
    age_band TEXT NOT NULL,
    reflection_md TEXT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    withdrawn_at TEXT,
    locked BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX practices_trainee ON practices (trainee_id, practised_on);

CREATE TABLE practice_items (
    practice_id BIGINT NOT NULL REFERENCES practices(id),
    item_code TEXT NOT NULL,
    PRIMARY KEY (practice_id, item_code)
);

CREATE TABLE signoff_requests (
    id INTEGER PRIMARY KEY,
    trainee_id BIGINT NOT NULL REFERENCES users(id),
    item_code TEXT NOT NULL,
    version_id BIGINT NOT NULL REFERENCES framework_versions(id),
    requested_at TEXT NOT NULL
);
CREATE INDEX signoff_requests_trainee ON signoff_requests (trainee_id, item_code);

CREATE TABLE signoff_decisions (
    id INTEGER PRIMARY KEY,
    request_id BIGINT REFERENCES signoff_requests(id),
    trainee_id BIGINT NOT NULL REFERENCES users(id),
    item_code TEXT NOT NULL,
    version_id BIGINT NOT NULL REFERENCES framework_versions(id),
    outcome TEXT NOT NULL CHECK (outcome IN ('competent', 'needs_practice', 'revoked')),
    comment TEXT NOT NULL,
    evidence TEXT NOT NULL,
    decided_by BIGINT NOT NULL REFERENCES users(id),
    decided_at TEXT NOT NULL
);
-- Two mentors deciding the same request at the same moment: exactly one decision lands.
CREATE UNIQUE INDEX signoff_decisions_one_per_request
    ON signoff_decisions (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX signoff_decisions_trainee ON signoff_decisions (trainee_id, item_code, id);

CREATE TABLE request_comments (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES signoff_requests(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TRIGGER signoff_decisions_no_update BEFORE UPDATE ON signoff_decisions
BEGIN SELECT RAISE(ABORT, 'signoff_decisions is append-only'); END;
CREATE TRIGGER signoff_decisions_no_delete BEFORE DELETE ON signoff_decisions
BEGIN SELECT RAISE(ABORT, 'signoff_decisions is append-only'); END;

-- A published framework version never changes.
CREATE TRIGGER framework_items_published_no_update BEFORE UPDATE ON framework_items
WHEN (SELECT published_at FROM framework_versions WHERE id = OLD.version_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'published framework versions never change'); END;
CREATE TRIGGER framework_items_published_no_delete BEFORE DELETE ON framework_items
WHEN (SELECT published_at FROM framework_versions WHERE id = OLD.version_id) IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'published framework versions never change'); END;
