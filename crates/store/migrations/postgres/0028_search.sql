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

-- Cases whose documents are to be made again: every change to a case moves its version on,
-- and the indexer takes a case off only at the version it read.
CREATE TABLE search_queue (
    tenant_id  UUID NOT NULL,
    case_id    UUID NOT NULL,
    version    BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, case_id)
);
INSERT INTO search_queue (tenant_id, case_id, version) SELECT tenant_id, id, 1 FROM cases;
