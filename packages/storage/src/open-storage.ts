import { createMemoryStorage } from './memory/create-memory-storage.js';
import { createSqliteStorage } from './sqlite/create-sqlite-storage.js';
import type { Storage } from './storage.js';
import type { StorageOptions } from './storage-options.js';
import { parseStorageUrl } from './storage-url.js';

export interface OpenStorageOptions extends StorageOptions {
  /** What to call the URL in error messages (default "STORAGE_URL"). */
  source?: string;
  /** SQLite only: see SqliteStorageOptions.busyTimeoutMs. */
  busyTimeoutMs?: number;
  /** SQLite only: see SqliteStorageOptions.payloadFileMinBytes. */
  payloadFileMinBytes?: number;
  /** memory: only: skip the development-only warning. */
  quiet?: boolean;
}

/**
 * Open the storage a URL names: `openStorage(process.env.STORAGE_URL)`. Unset means the SQLite
 * file ./data/omi-plugin.db. Async so that network backends can be added behind the same call.
 */
export async function openStorage(url?: string, options: OpenStorageOptions = {}): Promise<Storage> {
  const { source, busyTimeoutMs, payloadFileMinBytes, quiet, ...common } = options;
  const target = parseStorageUrl(url, source);
  switch (target.kind) {
    case 'memory':
      return createMemoryStorage({ ...common, ...(quiet !== undefined && { quiet }) });
    case 'sqlite':
      return createSqliteStorage({
        ...common,
        filename: target.filename,
        ...(busyTimeoutMs !== undefined && { busyTimeoutMs }),
        ...(payloadFileMinBytes !== undefined && { payloadFileMinBytes }),
      });
  }
}
