-- Every search document made from now on also holds the term of the organisation whose case
-- it is. SQLite's search of common words looks through an organisation's newest documents by
-- it, so the SQLite migration has every case's documents made again; PostgreSQL's looks
-- through the organisation's newest cases by their keys instead and does not use the term, so
-- nothing is remade here (see crates/store/src/queries/search/find.rs).
-- The newest cases shared with an organisation, looked through by that search.
CREATE INDEX case_shares_newest ON case_shares (tenant_id, organisation_id, shared_at);
