-- Every search document now also holds the term of the organisation whose case it is, by which
-- a search of common words looks through one organisation's newest documents (see
-- crates/store/src/queries/search/find.rs). Each case's documents are made again by the
-- indexer.
UPDATE search_queue SET version = version + 1;
-- The partnerships whose documents are being remade: until the indexer finds none of their
-- cases waiting (and removes the row), such a search also looks through the newest matching
-- documents of any organisation, as before, and says that older cases may be left out.
CREATE TABLE search_remaking (
    tenant_id  BLOB PRIMARY KEY
);
INSERT INTO search_remaking (tenant_id) SELECT DISTINCT tenant_id FROM search_queue;
-- The newest cases shared with an organisation, looked through by the same search.
CREATE INDEX case_shares_newest ON case_shares (tenant_id, organisation_id, shared_at);
