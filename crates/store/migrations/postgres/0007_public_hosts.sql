-- Which partnership's public pages a web address serves, when one server holds several.
CREATE TABLE public_hosts (
    host       TEXT PRIMARY KEY,
    tenant_id  UUID NOT NULL REFERENCES tenants (id)
);
