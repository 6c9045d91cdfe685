import type { JobQueue } from './job-queue.js';
import type { KeyValueStore } from './kv-store.js';
import type { TokenStore } from './token-store.js';

export type StorageKind = 'memory' | 'sqlite';

/** The three stores of one backend, sharing its connection. */
export interface Storage {
  readonly kind: StorageKind;
  /** Where the data lives: a file path, `:memory:` or `memory`. Never contains a secret. */
  readonly location: string;
  readonly kv: KeyValueStore;
  readonly jobs: JobQueue;
  readonly tokens: TokenStore;
  /** Close every store and the connection. Safe to call more than once. */
  close(): Promise<void>;
}
