/**
 * The Integration API's tables, created next to the Developer API's in the same database. They
 * live here, not in store/database.ts, so this feature stays in its own folder.
 */
export const INTEGRATION_SCHEMA = `
CREATE TABLE IF NOT EXISTS apps (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS app_keys (
  id TEXT PRIMARY KEY,
  app_id TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS app_enablements (
  app_id TEXT NOT NULL,
  uid TEXT NOT NULL,
  enabled_at TEXT NOT NULL,
  PRIMARY KEY (app_id, uid)
);
CREATE TABLE IF NOT EXISTS app_notifications (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  uid TEXT NOT NULL,
  app_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS app_notifications_uid ON app_notifications (uid, seq);
`;

/** Cleared by a reset, like the Developer API's data. */
export const INTEGRATION_TABLES = ['apps', 'app_keys', 'app_enablements', 'app_notifications'] as const;
