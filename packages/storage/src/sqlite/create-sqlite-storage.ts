import { resolve } from 'node:path';
import { checkDuration, checkName, checkPositiveInteger } from '../argument-checks.js';
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
  /**
   * Job payloads at least this many bytes long (webhook bodies) are written once to append-only
   * payload files in the `<filename>-payloads` directory instead of into the database, which
   * writes them twice (default 4096; `Infinity` keeps every payload in the database). Only with
   * `checkpoint: 'background'`, whose worker syncs the files. See "Payload files" in the README.
   */
  payloadFileMinBytes?: number;
  /** Tuning of the payload files; the defaults suit every use we know of. */
  payloadFiles?: {
    /** A process moves to a new file once its file holds this many bytes (default 64 MiB)… */
    rollBytes?: number;
    /** …or is this old (default 10 minutes). */
    rollAfterMs?: number;
    /** An unsealed file this old is taken as left by a crashed process (default 1 hour). */
    abandonedAfterMs?: number;
    /** How often files no job refers to any more are deleted (default 60 000 ms; 0: only on close). */
    collectIntervalMs?: number;
    /**
     * Write the files with `O_DIRECT`, around the page cache (default true, where the platform and
     * file system allow it; elsewhere, and with false, writes go through the page cache).
     */
    directWrites?: boolean;
  };
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
  const payloadFileMinBytes = options.payloadFileMinBytes ?? 4096;
  if (
    typeof payloadFileMinBytes !== 'number' ||
    Number.isNaN(payloadFileMinBytes) ||
    payloadFileMinBytes < 1
  ) {
    throw new StorageError(
      'ERR_STORAGE_INVALID_ARGUMENT',
      `payloadFileMinBytes must be a number of bytes >= 1, or Infinity to keep every payload in the ` +
        `database; received ${String(payloadFileMinBytes)}.`,
    );
  }
  const { collectIntervalMs, ...payloadFiles } = options.payloadFiles ?? {};
  if (payloadFiles.rollBytes !== undefined)
    checkPositiveInteger(payloadFiles.rollBytes, 'payloadFiles.rollBytes');
  if (payloadFiles.rollAfterMs !== undefined)
    checkDuration(payloadFiles.rollAfterMs, 'payloadFiles.rollAfterMs', true);
  if (payloadFiles.abandonedAfterMs !== undefined)
    checkDuration(payloadFiles.abandonedAfterMs, 'payloadFiles.abandonedAfterMs', true);
  if (collectIntervalMs !== undefined) checkDuration(collectIntervalMs, 'payloadFiles.collectIntervalMs');
  if (payloadFiles.directWrites !== undefined && typeof payloadFiles.directWrites !== 'boolean') {
    throw new StorageError(
      'ERR_STORAGE_INVALID_ARGUMENT',
      `payloadFiles.directWrites must be true or false; received ${JSON.stringify(payloadFiles.directWrites)}.`,
    );
  }
  const connection = new SqliteConnection(location, busyTimeoutMs, checkpoint);
  const kv = new SqliteKeyValueStore(connection, resolved);
  const jobs = new SqliteJobQueue(connection, resolved, {
    payloadFileMinBytes,
    collectIntervalMs,
    payloadFiles,
  });
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
