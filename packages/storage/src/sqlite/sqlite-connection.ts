import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StorageClosedError } from '../errors/storage-closed-error.js';
import { migrate } from './sqlite-schema.js';
import { WalCheckpointer } from './wal-checkpointer.js';

/** Who copies the WAL back into the database file. */
export type CheckpointMode = 'background' | 'automatic';

/**
 * One better-sqlite3 connection shared by the stores of a storage. Each store holds a share and
 * the connection closes when the last one lets go, so closing one store never breaks another.
 */
export class SqliteConnection {
  readonly db: Database.Database;
  /** The worker-thread checkpointer, when the file is in WAL mode and `checkpoint` is `background`. */
  readonly checkpointer: WalCheckpointer | undefined;
  #shares = 0;

  constructor(filename: string, busyTimeoutMs: number, checkpoint: CheckpointMode = 'background') {
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
    // Statement journals (an INSERT in a multi-row transaction needs one) stay off the disk.
    this.db.pragma('temp_store = MEMORY');
    try {
      migrate(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
    if (!inMemory && checkpoint === 'background') {
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new WalCheckpointer(filename, { busyTimeoutMs });
    }
  }

  acquire(): Database.Database {
    if (!this.db.open) throw new StorageClosedError('The SQLite connection');
    this.#shares += 1;
    return this.db;
  }

  /** Give back a share; the last one stops the checkpointer, then closes (SQLite's final checkpoint). */
  async release(): Promise<void> {
    this.#shares -= 1;
    if (this.#shares > 0 || !this.db.open) return;
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }
}
