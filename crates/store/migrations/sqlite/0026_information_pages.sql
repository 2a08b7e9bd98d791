-- The public information pages' words, where a partnership's administrators have replaced the
-- defaults. Every save is a row of its own, so the page shows the latest and the history says
-- who changed what and when.
CREATE TABLE information_pages (
    id INTEGER PRIMARY KEY,
    tenant_id   BLOB NOT NULL REFERENCES tenants (id),
    slug        TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    changed_at  TEXT NOT NULL
);
CREATE INDEX information_pages_by_slug ON information_pages (tenant_id, slug, id);
