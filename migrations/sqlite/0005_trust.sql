-- Trust: sign-in throttling that a stranger cannot turn against a user, and observations that
-- count only once the observing mentor confirms them. Same tables as the PostgreSQL version.

-- One counter per (account, address), per account and per address, each in a fixed window
-- that starts with its first failure, so attempts refused while locked do not extend the lock.
-- `account_key` is `id:<account>` once the typed name resolves to an account, `name:<text>`
-- otherwise, '' for the address-wide counter; `ip` is '' for the account-wide counter.
CREATE TABLE login_throttle (
    account_key TEXT NOT NULL,
    ip TEXT NOT NULL,
    window_start TEXT NOT NULL,
    failures BIGINT NOT NULL,
    PRIMARY KEY (account_key, ip)
);
CREATE INDEX login_throttle_window ON login_throttle (window_start);
DROP TABLE login_failures;

-- A trainee's "observed by my mentor" is a claim until that mentor confirms it. Practices a
-- mentor records are confirmed by construction.
ALTER TABLE practices ADD COLUMN observation_confirmed_by BIGINT REFERENCES users(id);
ALTER TABLE practices ADD COLUMN observation_confirmed_at TEXT;
UPDATE practices SET observation_confirmed_by = recorded_by, observation_confirmed_at = created_at
WHERE mentor_observed AND recorded_by <> trainee_id;
