-- Records made on a phone without a connection carry an id made on the phone. The first post
-- of that id claims it here, in the same transaction that writes the records; a retry, a second
-- tab or a resend after a lost answer finds the claim and writes nothing again. The primary key
-- is the unique index that makes "stored once" hold even for two posts at the same moment.
-- Same table on both backends.
CREATE TABLE offline_submissions (
    user_id BIGINT NOT NULL REFERENCES users(id),
    client_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('practice', 'attendance')),
    received_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, client_id)
);
