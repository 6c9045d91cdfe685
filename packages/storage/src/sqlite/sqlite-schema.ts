import type { Database } from 'better-sqlite3';
import { StorageError } from '../errors/storage-error.js';

// Tables are prefixed so the file can be shared with an app's own tables. A future change to them
// adds a step here and bumps SCHEMA_VERSION; omi_kit_meta records which steps a file has had.
const SCHEMA_VERSION = 3;

const VERSION_1 = `
  CREATE TABLE IF NOT EXISTS omi_kit_kv (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    expires_at INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS omi_kit_kv_expiry ON omi_kit_kv (expires_at) WHERE expires_at IS NOT NULL;

  CREATE TABLE IF NOT EXISTS omi_kit_jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    queue TEXT NOT NULL,
    id TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'reserved', 'dead')),
    attempts INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    available_at INTEGER NOT NULL,
    enqueued_at INTEGER NOT NULL,
    token TEXT,
    worker_id TEXT,
    last_error TEXT,
    dead_at INTEGER,
    UNIQUE (queue, id)
  );
  CREATE INDEX IF NOT EXISTS omi_kit_jobs_ready ON omi_kit_jobs (queue, available_at, seq) WHERE state != 'dead';
  CREATE INDEX IF NOT EXISTS omi_kit_jobs_dead ON omi_kit_jobs (queue, dead_at, seq) WHERE state = 'dead';

  CREATE TABLE IF NOT EXISTS omi_kit_tokens (
    provider TEXT NOT NULL,
    uid TEXT NOT NULL,
    access_token TEXT,
    refresh_token TEXT,
    expires_at INTEGER,
    scope TEXT,
    token_type TEXT,
    sealed TEXT,
    extra TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (provider, uid)
  ) WITHOUT ROWID;
`;

// Version 2: job payloads in their own table. A job's row changes at every reserve, fail and
// retry; with a 20 KB payload inside it, each of those changes rewrote the payload's pages too
// (SQLite rewrites a record whose size changes), so a job handled once was written three times.
// The trigger removes a payload with its job, whichever statement deletes the job.
const VERSION_2 = `
  CREATE TABLE omi_kit_job_payloads (
    seq INTEGER PRIMARY KEY,
    payload NOT NULL
  );
  INSERT INTO omi_kit_job_payloads (seq, payload) SELECT seq, payload FROM omi_kit_jobs;
  ALTER TABLE omi_kit_jobs DROP COLUMN payload;
  CREATE TRIGGER omi_kit_job_payloads_delete AFTER DELETE ON omi_kit_jobs
  BEGIN
    DELETE FROM omi_kit_job_payloads WHERE seq = old.seq;
  END;
`;

// Version 3: large payloads in append-only files beside the database (see PayloadFiles). Such a
// job has no row in omi_kit_job_payloads; its own row says where the bytes are: segment (a row of
// omi_kit_payload_segments, one file each), offset and length. Kept in the job's row rather than a
// row of their own, an enqueue writes one page fewer.
const VERSION_3 = `
  CREATE TABLE omi_kit_payload_segments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at INTEGER NOT NULL,
    sealed_at INTEGER
  );
  ALTER TABLE omi_kit_jobs ADD COLUMN payload_segment INTEGER;
  ALTER TABLE omi_kit_jobs ADD COLUMN payload_offset INTEGER;
  ALTER TABLE omi_kit_jobs ADD COLUMN payload_length INTEGER;
  CREATE INDEX omi_kit_jobs_payload_segment ON omi_kit_jobs (payload_segment)
    WHERE payload_segment IS NOT NULL;
`;

/** Create or upgrade the tables; IMMEDIATE so two processes opening a new file do not race. */
export function migrate(db: Database): void {
  db.transaction(() => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS omi_kit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID',
    );
    const row = db.prepare("SELECT value FROM omi_kit_meta WHERE key = 'schema_version'").get() as
      | { value: string }
      | undefined;
    const version = row ? Number(row.value) : 0;
    if (version > SCHEMA_VERSION) {
      throw new StorageError(
        'ERR_STORAGE_SCHEMA_TOO_NEW',
        `This SQLite file has @omi-kit/storage schema version ${version}, newer than this package's ` +
          `${SCHEMA_VERSION}; upgrade @omi-kit/storage.`,
      );
    }
    if (version < 1) db.exec(VERSION_1);
    if (version < 2) db.exec(VERSION_2);
    if (version < 3) db.exec(VERSION_3);
    db.prepare("INSERT OR REPLACE INTO omi_kit_meta (key, value) VALUES ('schema_version', ?)").run(
      String(SCHEMA_VERSION),
    );
  }).immediate();
}
