import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StorageClosedError } from '../errors/storage-closed-error.js';
import { migrate } from './sqlite-schema.js';

/**
 * One better-sqlite3 connection shared by the stores of a storage. Each store holds a share and
 * the connection closes when the last one lets go, so closing one store never breaks another.
 */
export class SqliteConnection {
  readonly db: Database.Database;
  #shares = 0;

  constructor(filename: string, busyTimeoutMs: number) {
    const inMemory = filename === ':memory:';
    if (!inMemory) mkdirSync(dirname(filename), { recursive: true });
    // `timeout` is SQLite's busy_timeout: wait that long for another connection's lock, not fail at once.
    this.db = new Database(filename, { timeout: busyTimeoutMs });
    if (!inMemory) {
      // WAL lets readers go on while one process writes; NORMAL sync keeps every committed
      // transaction across a process crash (only an OS crash or power loss can lose the last few).
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
    }
    try {
      migrate(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  acquire(): Database.Database {
    if (!this.db.open) throw new StorageClosedError('The SQLite connection');
    this.#shares += 1;
    return this.db;
  }

  release(): void {
    this.#shares -= 1;
    if (this.#shares <= 0 && this.db.open) this.db.close();
  }
}
