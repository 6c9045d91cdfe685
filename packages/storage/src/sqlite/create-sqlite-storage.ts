import { resolve } from 'node:path';
import { checkDuration, checkName } from '../argument-checks.js';
import { StorageError } from '../errors/storage-error.js';
import type { Storage } from '../storage.js';
import { resolveStorageOptions, type StorageOptions } from '../storage-options.js';
import { type CheckpointMode, SqliteConnection } from './sqlite-connection.js';
import { SqliteJobQueue } from './sqlite-job-queue.js';
import { SqliteKeyValueStore } from './sqlite-kv-store.js';
import { SqliteTokenStore } from './sqlite-token-store.js';

export interface SqliteStorageOptions extends StorageOptions {
  /** A file path (relative to the working directory; missing directories are created) or `:memory:`. */
  filename: string;
  /** How long to wait for another connection's write lock before failing with SQLITE_BUSY (default 5000). */
  busyTimeoutMs?: number;
  /**
   * Who copies the WAL back into the database file. `background` (the default): a worker thread,
   * so writes on the main thread do not wait for a checkpoint's fsync (unless an unbroken stream of
   * writes pushes the WAL past 1 GiB). `automatic`: SQLite's own, inside the write that crosses
   * 1000 pages.
   */
  checkpoint?: CheckpointMode;
}

/** All three stores in one SQLite file (WAL mode), safe to share between processes on one machine. */
export function createSqliteStorage(options: SqliteStorageOptions): Storage {
  const resolved = resolveStorageOptions(options);
  const name = checkName(options.filename, 'filename');
  const location = name === ':memory:' ? name : resolve(name);
  const busyTimeoutMs =
    options.busyTimeoutMs === undefined ? 5_000 : checkDuration(options.busyTimeoutMs, 'busyTimeoutMs');
  const checkpoint = options.checkpoint ?? 'background';
  if (checkpoint !== 'background' && checkpoint !== 'automatic') {
    throw new StorageError(
      'ERR_STORAGE_INVALID_ARGUMENT',
      `checkpoint must be "background" or "automatic"; received ${JSON.stringify(checkpoint)}.`,
    );
  }
  const connection = new SqliteConnection(location, busyTimeoutMs, checkpoint);
  const kv = new SqliteKeyValueStore(connection, resolved);
  const jobs = new SqliteJobQueue(connection, resolved);
  const tokens = new SqliteTokenStore(connection, resolved.clock);
  return {
    kind: 'sqlite',
    location,
    kv,
    jobs,
    tokens,
    async close() {
      await Promise.all([kv.close(), jobs.close(), tokens.close()]);
    },
  };
}
