-- QR check-in (信用时长). Same tables on both backends.
--
-- Each activity whose check-in screen was opened has a secret; the screen's QR code and
-- 6-digit code are HMACs of the secret and the current few-minute window, so a code cannot be
-- made without the screen and stops working minutes after it is shown. Several server
-- instances agree because the secret lives here, not in one process.
CREATE TABLE checkin_secrets (
    activity_id BIGINT PRIMARY KEY REFERENCES activities(id),
    secret TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);

-- Scans, append-only: one 'in' and at most one 'out' or 'auto_out' per volunteer and
-- activity. The unique index is what makes a double scan (two taps, two tabs, two servers)
-- count once. The hour record is written in the transaction that writes the 'out'.
CREATE TABLE checkin_events (
    id INTEGER PRIMARY KEY,
    activity_id BIGINT NOT NULL REFERENCES activities(id),
    volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
    kind TEXT NOT NULL CHECK (kind IN ('in', 'out', 'auto_out')),
    at TEXT NOT NULL,
    minute_of_day BIGINT NOT NULL,
    user_id BIGINT REFERENCES users(id),
    note TEXT
);
CREATE UNIQUE INDEX checkin_events_in ON checkin_events (activity_id, volunteer_id)
    WHERE kind = 'in';
CREATE UNIQUE INDEX checkin_events_out ON checkin_events (activity_id, volunteer_id)
    WHERE kind <> 'in';

-- One-time activation codes a coordinator gives a volunteer who has no sign-in yet; only a
-- hash is kept. A code is used once and expires.
CREATE TABLE activation_codes (
    id INTEGER PRIMARY KEY,
    volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
    code_hash TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX activation_codes_volunteer ON activation_codes (volunteer_id, id);

-- A scanned record whose volunteer never scanned out ends at the activity's end and says so.
ALTER TABLE hour_records ADD COLUMN checkout_missing BOOLEAN NOT NULL DEFAULT FALSE;
-- 信用时长 (scanned) kept apart from the entered minutes in every total. No scanned record
-- exists before this migration, so 0 is exact for every existing row.
ALTER TABLE volunteer_totals ADD COLUMN scan_minutes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE volunteer_months ADD COLUMN scan_minutes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE hour_month_totals ADD COLUMN scan_minutes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE node_period_totals ADD COLUMN scan_minutes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE certificates ADD COLUMN scan_minutes BIGINT NOT NULL DEFAULT 0;
