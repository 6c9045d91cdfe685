import { checkDuration, checkFiniteNumber, checkName } from '../argument-checks.js';
import type { Clock } from '../clock.js';
import { StorageClosedError } from '../errors/storage-closed-error.js';
import { StorageError } from '../errors/storage-error.js';
import { fromJson, toJson } from '../json-value.js';
import type { KeyValueStore, SetOptions } from '../kv-store.js';
import type { ResolvedStorageOptions } from '../storage-options.js';
import { startSweeper } from '../sweeper.js';

interface Entry {
  value: string;
  expiresAt: number | null;
}

/** KeyValueStore in a Map. Values are kept as JSON so reads return copies, as SQLite's do. */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly #entries = new Map<string, Entry>();
  readonly #clock: Clock;
  readonly #stopSweeper: () => void;
  #closed = false;

  constructor(options: Pick<ResolvedStorageOptions, 'clock' | 'logger' | 'sweepIntervalMs'>) {
    this.#clock = options.clock;
    this.#stopSweeper = startSweeper(() => this.purgeExpired(), options.sweepIntervalMs, options.logger);
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const entry = this.#live(checkName(key, 'key'));
    return entry ? fromJson<T>(entry.value) : undefined;
  }

  async set(key: string, value: unknown, options?: SetOptions): Promise<void> {
    this.#open();
    this.#entries.set(checkName(key, 'key'), this.#entry(value, options));
  }

  async setIfAbsent(key: string, value: unknown, options?: SetOptions): Promise<boolean> {
    const entry = this.#entry(value, options);
    if (this.#live(checkName(key, 'key'))) return false;
    this.#entries.set(key, entry);
    return true;
  }

  async increment(key: string, by = 1, options?: SetOptions): Promise<number> {
    const fresh = this.#entry(checkFiniteNumber(by, 'by'), options);
    const current = this.#live(checkName(key, 'key'));
    if (!current) {
      this.#entries.set(key, fresh);
      return by;
    }
    const value = fromJson<unknown>(current.value);
    if (typeof value !== 'number') {
      throw new StorageError(
        'ERR_STORAGE_NOT_A_NUMBER',
        `increment("${key}"): the stored value is not a number.`,
      );
    }
    current.value = toJson(value + by, 'value');
    return value + by;
  }

  async delete(key: string): Promise<boolean> {
    const live = this.#live(checkName(key, 'key')) !== undefined;
    this.#entries.delete(key);
    return live;
  }

  async purgeExpired(): Promise<number> {
    this.#open();
    const now = this.#clock.now();
    let removed = 0;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt !== null && entry.expiresAt <= now) {
        this.#entries.delete(key);
        removed += 1;
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#stopSweeper();
    this.#entries.clear();
  }

  /**
   * True while a live entry is under `key` (for the job queue's `unlessKey`); false once closed,
   * since closing empties the store.
   */
  holds(key: string): boolean {
    const entry = this.#entries.get(key);
    return entry !== undefined && (entry.expiresAt === null || entry.expiresAt > this.#clock.now());
  }

  #open(): void {
    if (this.#closed) throw new StorageClosedError('The memory key-value store');
  }

  /** The entry when present and not expired; an expired one is dropped on the way (lazy cleanup). */
  #live(key: string): Entry | undefined {
    this.#open();
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= this.#clock.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #entry(value: unknown, options: SetOptions | undefined): Entry {
    this.#open();
    const ttlMs = options?.ttlMs;
    const expiresAt = ttlMs === undefined ? null : this.#clock.now() + checkDuration(ttlMs, 'ttlMs', true);
    return { value: toJson(value, 'value'), expiresAt };
  }
}
