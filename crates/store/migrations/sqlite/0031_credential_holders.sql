-- Who made and who revoked each Open311 key and API token (from Settings or the command line).
-- Unknown for those made before; each make and revoke is also kept in settings_changes.
ALTER TABLE open311_keys ADD COLUMN created_by TEXT;
ALTER TABLE open311_keys ADD COLUMN revoked_by TEXT;
ALTER TABLE api_tokens ADD COLUMN created_by TEXT;
ALTER TABLE api_tokens ADD COLUMN revoked_by TEXT;
