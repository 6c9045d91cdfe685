import { warnDevelopmentOnly } from '../development-warning.js';
import type { Storage } from '../storage.js';
import { resolveStorageOptions, type StorageOptions } from '../storage-options.js';
import { MemoryJobQueue } from './memory-job-queue.js';
import { MemoryKeyValueStore } from './memory-kv-store.js';
import { MemoryTokenStore } from './memory-token-store.js';

export interface MemoryStorageOptions extends StorageOptions {
  /** Skip the one-time "development only" warning (tests do). */
  quiet?: boolean;
}

/** Everything in this process's memory: for tests and development only, lost on restart. */
export function createMemoryStorage(options: MemoryStorageOptions = {}): Storage {
  const resolved = resolveStorageOptions(options);
  if (!options.quiet) warnDevelopmentOnly(resolved.logger);
  const kv = new MemoryKeyValueStore(resolved);
  const jobs = new MemoryJobQueue(resolved, kv);
  const tokens = new MemoryTokenStore(resolved.clock);
  return {
    kind: 'memory',
    location: 'memory',
    kv,
    jobs,
    tokens,
    async close() {
      await Promise.all([kv.close(), jobs.close(), tokens.close()]);
    },
  };
}
