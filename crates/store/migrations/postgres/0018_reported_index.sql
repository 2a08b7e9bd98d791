-- Cases by when they were reported, across a partnership's organisations: repeats, hotspots
-- and the ASB Case Review read the complaints of a window of time.
CREATE INDEX cases_reported ON cases (tenant_id, reported_at);
