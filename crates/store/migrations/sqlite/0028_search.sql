-- Finding cases from the search box. Each case has two documents of search terms, made by
-- asbcase_domain::search: 'open' (what a partner it is shared with in summary sees: the
-- report, where, who) and 'all' (that with its notes, contacts and diary entries). FTS5 keeps
-- the terms without their text (contentless): the words themselves stay in the case.
CREATE TABLE search_documents (
    id         INTEGER PRIMARY KEY,
    tenant_id  BLOB NOT NULL,
    case_id    BLOB NOT NULL,
    part       TEXT NOT NULL,
    UNIQUE (tenant_id, case_id, part)
);
CREATE VIRTUAL TABLE search_terms USING fts5 (terms, content = '', contentless_delete = 1);

-- Cases whose documents are to be made again: every change to a case moves its version on,
-- and the indexer takes a case off only at the version it read.
CREATE TABLE search_queue (
    tenant_id  BLOB NOT NULL,
    case_id    BLOB NOT NULL,
    version    INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, case_id)
);
INSERT INTO search_queue (tenant_id, case_id, version) SELECT tenant_id, id, 1 FROM cases;
