-- Finding cases from the search box. Each case has two documents of search terms, made by
-- asbcase_domain::search: 'open' (what a partner it is shared with in summary sees: the
-- report, where, who) and 'all' (that with its notes, contacts and diary entries). Only the
-- terms are kept, as a tsvector: the words themselves stay in the case.
CREATE TABLE search_documents (
    tenant_id  UUID NOT NULL,
    case_id    UUID NOT NULL,
    part       TEXT NOT NULL,
    terms      TSVECTOR NOT NULL,
    PRIMARY KEY (tenant_id, case_id, part)
);
CREATE INDEX search_documents_terms ON search_documents USING GIN (terms);

-- Whether each case's documents are up to date: every change to a case moves its version on;
-- the indexer makes the documents of a case whose indexed version is behind, and records the
-- version it read only if it is still the case's version when it writes. Rows are kept, so
-- versions only ever grow.
CREATE TABLE search_queue (
    tenant_id  UUID NOT NULL,
    case_id    UUID NOT NULL,
    version    BIGINT NOT NULL,
    indexed    BIGINT NOT NULL,
    -- Why the documents could not be made at this version, if they could not.
    failure    TEXT,
    PRIMARY KEY (tenant_id, case_id)
);
CREATE INDEX search_queue_behind ON search_queue (tenant_id, case_id) WHERE indexed < version;
INSERT INTO search_queue (tenant_id, case_id, version, indexed) SELECT tenant_id, id, 1, 0 FROM cases;
