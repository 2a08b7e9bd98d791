-- Two-step sign-in. A member of staff's authenticator secret (confirmed once they have entered
-- a code from it) and the step of the last code accepted, so no code works twice; a session
-- waits for its code before it counts; a partnership can require two-step sign-in of everyone
-- (administrators always use it).
CREATE TABLE user_mfa (
    tenant_id   BLOB NOT NULL,
    user_id     BLOB NOT NULL,
    secret      TEXT NOT NULL,
    confirmed   BOOLEAN NOT NULL,
    last_step   INTEGER,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, user_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);

ALTER TABLE sessions ADD COLUMN mfa_pending BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE partnership_settings ADD COLUMN mfa_for_everyone BOOLEAN;
