import type { Statement, Transaction } from 'better-sqlite3';
import { checkDuration, checkFiniteNumber, checkName } from '../argument-checks.js';
import type { Clock } from '../clock.js';
import { StorageClosedError } from '../errors/storage-closed-error.js';
import { StorageError } from '../errors/storage-error.js';
import { fromJson, toJson } from '../json-value.js';
import type { KeyValueStore, SetOptions } from '../kv-store.js';
import type { ResolvedStorageOptions } from '../storage-options.js';
import { startSweeper } from '../sweeper.js';
import type { SqliteConnection } from './sqlite-connection.js';

interface Entry {
  value: string;
  expiresAt: number | null;
}

const LIVE = '(expires_at IS NULL OR expires_at > @now)';

/** KeyValueStore in the omi_kit_kv table. Every write is a single statement or an IMMEDIATE transaction. */
export class SqliteKeyValueStore implements KeyValueStore {
  readonly #connection: SqliteConnection;
  readonly #clock: Clock;
  readonly #stopSweeper: () => void;
  readonly #increment: Transaction<(key: string, by: number, fresh: Entry, now: number) => number>;
  readonly #select: Statement<{ key: string; now: number }, { value: string }>;
  readonly #upsert: Statement<Entry & { key: string }>;
  readonly #insertUnlessLive: Statement<Entry & { key: string; now: number }>;
  readonly #delete: Statement<{ key: string; now: number }, { live: number }>;
  readonly #purge: Statement<{ now: number }>;
  #closed = false;

  constructor(
    connection: SqliteConnection,
    options: Pick<ResolvedStorageOptions, 'clock' | 'logger' | 'sweepIntervalMs'>,
  ) {
    this.#connection = connection;
    this.#clock = options.clock;
    const db = connection.acquire();
    this.#select = db.prepare(`SELECT value FROM omi_kit_kv WHERE key = @key AND ${LIVE}`);
    this.#upsert = db.prepare(
      `INSERT INTO omi_kit_kv (key, value, expires_at) VALUES (@key, @value, @expiresAt)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
    );
    // One statement, so it is atomic across connections: it inserts, or replaces only an expired row.
    this.#insertUnlessLive = db.prepare(
      `INSERT INTO omi_kit_kv (key, value, expires_at) VALUES (@key, @value, @expiresAt)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
       WHERE omi_kit_kv.expires_at IS NOT NULL AND omi_kit_kv.expires_at <= @now`,
    );
    this.#delete = db.prepare(`DELETE FROM omi_kit_kv WHERE key = @key RETURNING ${LIVE} AS live`);
    this.#purge = db.prepare('DELETE FROM omi_kit_kv WHERE expires_at IS NOT NULL AND expires_at <= @now');
    const updateValue = db.prepare<[string, string]>('UPDATE omi_kit_kv SET value = ? WHERE key = ?');
    // Read and write in one IMMEDIATE transaction: no other connection can write in between.
    this.#increment = db.transaction((key: string, by: number, fresh: Entry, now: number) => {
      const row = this.#select.get({ key, now });
      if (!row) {
        this.#upsert.run({ key, ...fresh });
        return by;
      }
      const current = fromJson<unknown>(row.value);
      if (typeof current !== 'number') {
        throw new StorageError(
          'ERR_STORAGE_NOT_A_NUMBER',
          `increment("${key}"): the stored value is not a number.`,
        );
      }
      updateValue.run(toJson(current + by, 'value'), key);
      return current + by;
    });
    this.#stopSweeper = startSweeper(() => this.purgeExpired(), options.sweepIntervalMs, options.logger);
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    this.#open();
    const row = this.#select.get({ key: checkName(key, 'key'), now: this.#clock.now() });
    return row ? fromJson<T>(row.value) : undefined;
  }

  async set(key: string, value: unknown, options?: SetOptions): Promise<void> {
    this.#open();
    this.#upsert.run({ key: checkName(key, 'key'), ...this.#entry(value, options) });
  }

  async setIfAbsent(key: string, value: unknown, options?: SetOptions): Promise<boolean> {
    this.#open();
    const entry = this.#entry(value, options);
    const now = this.#clock.now();
    return this.#insertUnlessLive.run({ key: checkName(key, 'key'), ...entry, now }).changes === 1;
  }

  async increment(key: string, by = 1, options?: SetOptions): Promise<number> {
    this.#open();
    const fresh = this.#entry(checkFiniteNumber(by, 'by'), options);
    return this.#increment.immediate(checkName(key, 'key'), by, fresh, this.#clock.now());
  }

  async delete(key: string): Promise<boolean> {
    this.#open();
    const row = this.#delete.get({ key: checkName(key, 'key'), now: this.#clock.now() });
    return row?.live === 1;
  }

  async purgeExpired(): Promise<number> {
    this.#open();
    return this.#purge.run({ now: this.#clock.now() }).changes;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopSweeper();
    await this.#connection.release();
  }

  #open(): void {
    if (this.#closed) throw new StorageClosedError('The SQLite key-value store');
  }

  #entry(value: unknown, options: SetOptions | undefined): Entry {
    const ttlMs = options?.ttlMs;
    const expiresAt = ttlMs === undefined ? null : this.#clock.now() + checkDuration(ttlMs, 'ttlMs', true);
    return { value: toJson(value, 'value'), expiresAt };
  }
}
