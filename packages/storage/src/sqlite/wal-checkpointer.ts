import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface WalCheckpointerOptions {
  /** How often the WAL is copied back into the database file (default 200 ms). */
  intervalMs?: number;
  /**
   * A WAL file larger than this is cut back to nothing once writes pause (default 64 MiB); the
   * truncation runs in the worker, so no request pays for it.
   */
  truncateAboveBytes?: number;
  /** The busy timeout of the checkpointer's own connection. */
  busyTimeoutMs: number;
  /**
   * Called once if the worker dies or cannot start (it was not asked to stop): the owner then
   * turns SQLite's own checkpoints back on, so the WAL can never grow without bound.
   */
  onFailure?: (reason: string) => void;
}

/** What one checkpoint reported; posted to the owner, which restarts a WAL that keeps growing. */
export interface CheckpointReport {
  mode: 'PASSIVE' | 'TRUNCATE';
  /** Frames in the WAL, and how many of them are now in the database file. */
  log: number;
  checkpointed: number;
}

// Runs in a worker thread as CommonJS; better-sqlite3 is loaded from the path the owner resolved.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readlinkSync, statSync } = require('node:fs');
const { setPriority } = require('node:os');
// Background work: on Linux this thread alone gets the lowest CPU priority, so on a busy core the
// checkpoint's copying waits for the event loop instead of pre-empting it. It takes no lock a
// writer waits for except in TRUNCATE, which runs only when nobody has written for a while.
try { setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 19); } catch {}
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { timeout: workerData.busyTimeoutMs, fileMustExist: true });
db.pragma('wal_autocheckpoint = 0');
const checkpoint = (mode) => {
  const [row] = db.pragma('wal_checkpoint(' + mode + ')');
  if (row.log > 0 || mode !== 'PASSIVE') parentPort.postMessage({ type: 'checkpoint', mode, log: row.log, checkpointed: row.checkpointed });
  return row;
};
const walBytes = () => { try { return statSync(workerData.filename + '-wal').size; } catch { return 0; } };
let previousLog = -1;
const tick = () => {
  try {
    const row = checkpoint('PASSIVE');
    // Fully copied and unchanged since the last tick: nobody is writing, so cutting a grown WAL
    // file back costs no writer a wait.
    const quiet = row.log > 0 && row.log === previousLog && row.checkpointed === row.log;
    previousLog = row.log;
    if (quiet && walBytes() > workerData.truncateAboveBytes) checkpoint('TRUNCATE');
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error && error.message) });
  }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  try { db.close(); } catch {}
  parentPort.close();
});
`;

const requireHere = createRequire(import.meta.url);

/**
 * Copies a WAL-mode file's WAL back into the database from a worker thread. SQLite's automatic
 * checkpoint runs inside whichever write crosses the threshold and ends with an fsync, stalling
 * the event loop for milliseconds (the main cost of a durable enqueue, and the p99 of a webhook
 * server). Here the writer's connection turns that off and the copying and fsyncs happen off the
 * main thread, in PASSIVE checkpoints that never hold a writer back. Those let the WAL start over
 * in any quiet moment; the owner watches the reports for a WAL that an unbroken stream of writes
 * never lets restart (see SqliteConnection).
 */
export class WalCheckpointer {
  readonly #worker: Worker;
  #stopping: Promise<void> | undefined;
  #exited = false;
  #lastError: string | undefined;
  readonly #listeners = new Set<(report: CheckpointReport) => void>();

  constructor(filename: string, options: WalCheckpointerOptions) {
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: requireHere.resolve('better-sqlite3'),
        filename,
        busyTimeoutMs: options.busyTimeoutMs,
        intervalMs: options.intervalMs ?? 200,
        truncateAboveBytes: options.truncateAboveBytes ?? 64 * 1024 * 1024,
      },
    });
    this.#worker.unref();
    this.#worker.once('exit', (code) => {
      this.#exited = true;
      if (this.#stopping === undefined)
        options.onFailure?.(this.#lastError ?? `the worker exited with code ${code}`);
    });
    this.#worker.on('message', (message: { type: string } & CheckpointReport & { message?: string }) => {
      if (message.type === 'error') {
        this.#lastError = message.message;
        return;
      }
      const report = { mode: message.mode, log: message.log, checkpointed: message.checkpointed };
      for (const listener of this.#listeners) listener(report);
    });
    // A checkpointer that cannot run only costs speed; the writer's connection still works.
    this.#worker.on('error', (error) => {
      this.#lastError = error.message;
    });
  }

  /** Call `listener` after each checkpoint; returns a function that stops it. */
  onCheckpoint(listener: (report: CheckpointReport) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stop and close the worker's connection (the writer's own close then does the final checkpoint). */
  stop(): Promise<void> {
    if (this.#exited) return Promise.resolve();
    this.#stopping ??= new Promise<void>((resolve) => {
      this.#worker.once('exit', () => resolve());
      // Unref'd while it runs; held now so the process waits for the exit it awaits.
      this.#worker.ref();
      this.#worker.postMessage('stop');
    });
    return this.#stopping;
  }
}
