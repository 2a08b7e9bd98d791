-- A member of staff's own lists of cases: the filters of the Cases page, kept under a name
-- they chose, shown on their home page.
CREATE TABLE saved_lists (
    tenant_id   BLOB NOT NULL,
    id          BLOB NOT NULL,
    user_id     BLOB NOT NULL,
    name        TEXT NOT NULL,
    query       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, user_id, name),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);

-- The cases someone looked at lately, for their home page.
CREATE INDEX access_log_user ON access_log (tenant_id, user_id, seq);
