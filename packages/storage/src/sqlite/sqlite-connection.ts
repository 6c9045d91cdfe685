import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StorageClosedError } from '../errors/storage-closed-error.js';
import { payloadDirectory, syncPayloadFiles } from './payload-files.js';
import { migrate } from './sqlite-schema.js';
import { WalCheckpointer } from './wal-checkpointer.js';

/**
 * WAL size above which the writer restarts the WAL itself (1 GiB). The worker's passive checkpoints
 * let the WAL start over in any pause of a few hundred milliseconds, so only an unbroken stream of
 * heavy writes (minutes of hundreds of 20 KB webhooks a second) gets here; the restart's pause (one
 * fsync and the little copying left after a quick checkpoint) is then the backpressure.
 */
const WAL_RESTART_ABOVE_BYTES = 1024 * 1024 * 1024;
/** A worker's checkpoint at most this long leaves a residue small enough to copy on this thread. */
const RESTART_AFTER_CHECKPOINT_MS = 100;
/** Frames written between two checkpoints above which the worker stops yielding its core (64 MiB). */
const CHECKPOINT_BEHIND_BYTES = 64 * 1024 * 1024;

/** Who copies the WAL back into the database file. */
export type CheckpointMode = 'background' | 'automatic';

/**
 * One better-sqlite3 connection shared by the stores of a storage. Each store holds a share and
 * the connection closes when the last one lets go, so closing one store never breaks another.
 */
export class SqliteConnection {
  readonly db: Database.Database;
  /** The database file's absolute path, or `:memory:`. */
  readonly filename: string;
  /** The worker-thread checkpointer, when the file is in WAL mode and `checkpoint` is `background`. */
  readonly checkpointer: WalCheckpointer | undefined;
  /** How many times this writer restarted an oversized WAL itself (for tests and diagnostics). */
  walRestarts = 0;
  #shares = 0;

  constructor(
    filename: string,
    busyTimeoutMs: number,
    checkpoint: CheckpointMode = 'background',
    /** Tests only: a smaller WAL restart threshold. */
    walRestartAboveBytes = WAL_RESTART_ABOVE_BYTES,
  ) {
    this.filename = filename;
    const inMemory = filename === ':memory:';
    if (!inMemory) mkdirSync(dirname(filename), { recursive: true });
    // `timeout` is SQLite's busy_timeout: wait that long for another connection's lock, not fail at once.
    this.db = new Database(filename, { timeout: busyTimeoutMs });
    if (!inMemory) {
      // Only takes effect on a new file. Large payloads live in payload files, so a commit writes
      // the pages of a few small rows and indexes: 4 KiB pages halve the WAL bytes of each one
      // against the 8 KiB that suited payloads kept inline (p99 at a fixed rate went from about 19 to
      // 10 ms on the webhook benchmark, at the same CPU per request).
      this.db.pragma('page_size = 4096');
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
      const pageSize = this.db.pragma('page_size', { simple: true }) as number;
      this.checkpointer = new WalCheckpointer(filename, {
        busyTimeoutMs,
        behindPages: Math.ceil(CHECKPOINT_BEHIND_BYTES / pageSize),
        // Without the worker, SQLite's own checkpoints (in the writes) keep the WAL bounded.
        // Payload files were synced by the worker before each checkpoint; SQLite's own will not.
        onFailure: () => {
          syncPayloadFiles(payloadDirectory(filename));
          if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
        },
      });
      const restartAbovePages = Math.ceil(walRestartAboveBytes / pageSize);
      this.checkpointer.onCheckpoint((report) => {
        // Only right after a checkpoint that copied everything quickly: then little was written
        // meanwhile, and the restart's own copying is short. After a long one (the worker had
        // fallen behind) the next report is awaited, rather than copy a backlog on this thread.
        // Past four times the threshold it restarts regardless: where the worker may not raise its
        // priority again (an unprivileged process cannot lower a niceness), that bounds the WAL.
        const caughtUp = report.checkpointed === report.log && report.ms <= RESTART_AFTER_CHECKPOINT_MS;
        if (report.mode !== 'PASSIVE' || report.log <= restartAbovePages) return;
        if (caughtUp || report.log > 4 * restartAbovePages) this.#restartWal(busyTimeoutMs);
      });
    }
  }

  /**
   * Under an unbroken stream of writes a passive checkpoint never catches the last frame, so the
   * WAL never starts over. Right after the worker's checkpoint has copied nearly all of it, this
   * connection (the writer, at full priority) copies the rest and restarts the WAL: a pause of one
   * fsync between two requests (milliseconds on an idle disk, up to a few hundred on a saturated
   * one), which only sustained overload reaches. If another connection holds a lock it tries again
   * after the next report rather than wait.
   */
  #restartWal(busyTimeoutMs: number): void {
    if (!this.db.open || this.db.inTransaction) return;
    this.db.pragma('busy_timeout = 0');
    try {
      syncPayloadFiles(payloadDirectory(this.filename));
      const [result] = this.db.pragma('wal_checkpoint(RESTART)') as Array<{ busy: number }>;
      if (result?.busy === 0) this.walRestarts += 1;
    } catch {
      // Busy or closing: the next report tries again.
    } finally {
      if (this.db.open) this.db.pragma(`busy_timeout = ${busyTimeoutMs}`);
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
    if (this.db.open) {
      // Closing checkpoints; the rows it copies must not reach the file ahead of their payloads.
      if (this.filename !== ':memory:') syncPayloadFiles(payloadDirectory(this.filename));
      this.db.close();
    }
  }
}
