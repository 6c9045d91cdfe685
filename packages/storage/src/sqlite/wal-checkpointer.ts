import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface WalCheckpointerOptions {
  /** How often the WAL is copied back into the database file (default 200 ms). */
  intervalMs?: number;
  /**
   * A WAL file larger than this is cut back to nothing once no one has written for
   * `truncateAfterQuietMs` (default 64 MiB); the truncation runs in the worker, so no request pays
   * for it.
   */
  truncateAboveBytes?: number;
  /**
   * How long writes must have paused before a grown WAL file is cut back (default 30 s). Until
   * then the file keeps its size: after each checkpoint that catches up, the next write starts the
   * WAL over at its beginning, into blocks the file system has already allocated and the page cache
   * holds. Writing into a WAL that must grow costs the kernel twice as much per job (block
   * allocation, zeroed pages): cutting it back at every short pause made each burst pay that again.
   */
  truncateAfterQuietMs?: number;
  /**
   * Frames written between two checkpoints above which the worker leaves its lowest priority until
   * it has caught up (default 8192, 64 MiB of 8 KiB pages).
   */
  behindPages?: number;
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
  /** How long the checkpoint took: a quick one means few frames were written meanwhile. */
  ms: number;
  /**
   * The worker's niceness while it ran (19 while it keeps up, 0 while it catches up; null where
   * thread priorities cannot be set).
   */
  niceness: number | null;
}

// Runs in a worker thread as CommonJS; better-sqlite3 is loaded from the path the owner resolved.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readlinkSync, statSync, readdirSync, openSync, fdatasyncSync, closeSync } = require('node:fs');
const { join } = require('node:path');
const { setPriority } = require('node:os');
// Background work: on Linux this thread alone gets the lowest CPU priority, so on a busy core the
// checkpoint's copying waits for the event loop instead of pre-empting it (until it falls behind,
// see tick). It takes no lock a writer waits for except in TRUNCATE, which runs only when nobody
// has written for a while.
let threadId = -1;
try { threadId = Number(readlinkSync('/proc/thread-self').split('/').pop()); } catch {}
let niceness = -1;
// Raising the priority again needs CAP_SYS_NICE or RLIMIT_NICE; without them it stays lowest.
const renice = (value) => {
  if (value === niceness || threadId < 0) return;
  try { setPriority(threadId, value); niceness = value; } catch {}
};
renice(19);
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { timeout: workerData.busyTimeoutMs, fileMustExist: true });
db.pragma('wal_autocheckpoint = 0');
const checkpoint = (mode) => {
  const started = performance.now();
  const [row] = db.pragma('wal_checkpoint(' + mode + ')');
  const ms = performance.now() - started;
  if (row.log > 0 || mode !== 'PASSIVE') parentPort.postMessage({ type: 'checkpoint', mode, log: row.log, checkpointed: row.checkpointed, ms, niceness: threadId < 0 ? null : niceness });
  return row;
};
// Payload files (see PayloadFiles) that grew since the last checkpoint are synced before the next
// one, so a row never reaches the database file ahead of the payload it points to.
const payloads = workerData.filename + '-payloads';
const synced = new Map();
const syncPayloads = () => {
  let names;
  try { names = readdirSync(payloads); } catch { return; }
  const seen = new Set();
  for (const name of names) {
    if (!name.endsWith('.seg')) continue;
    seen.add(name);
    let fd;
    try {
      const file = join(payloads, name);
      const size = statSync(file).size;
      if (synced.get(name) === size) continue;
      fd = openSync(file, 'r');
      fdatasyncSync(fd);
      synced.set(name, size);
    } catch {
      // Collected meanwhile.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  for (const name of synced.keys()) if (!seen.has(name)) synced.delete(name);
};
const walBytes = () => { try { return statSync(workerData.filename + '-wal').size; } catch { return 0; } };
let previousLog = -1;
let quietSince = -1;
const tick = () => {
  try {
    syncPayloads();
    const row = checkpoint('PASSIVE');
    // Frames written since the last checkpoint. A core kept busy by requests leaves this thread
    // no time at the lowest priority, and the backlog would pile up until a burst of copying on
    // the writer's thread; once it is large this thread takes its fair share until it catches up.
    const added = row.log >= previousLog ? row.log - Math.max(previousLog, 0) : row.log;
    renice(added > workerData.behindPages ? 0 : 19);
    // Fully copied and unchanged since the last tick: nobody is writing. Once that has lasted,
    // cutting a grown WAL file back costs no writer a wait, and no coming burst is likely to
    // need the blocks again soon.
    const quiet = row.log > 0 && row.log === previousLog && row.checkpointed === row.log;
    previousLog = row.log;
    if (!quiet) quietSince = -1;
    else if (quietSince < 0) quietSince = Date.now();
    if (quiet && Date.now() - quietSince >= workerData.truncateAfterQuietMs && walBytes() > workerData.truncateAboveBytes) {
      checkpoint('TRUNCATE');
      quietSince = -1;
    }
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
        truncateAfterQuietMs: options.truncateAfterQuietMs ?? 30_000,
        behindPages: options.behindPages ?? 8192,
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
      const report = {
        mode: message.mode,
        log: message.log,
        checkpointed: message.checkpointed,
        ms: message.ms,
        niceness: message.niceness,
      };
      for (const listener of this.#listeners) listener(report);
    });
    // A checkpointer that cannot run only costs speed; the writer's connection still works.
    this.#worker.on('error', (error) => {
      this.#lastError = error.message;
    });
  }

  /** True until the worker is stopped or has died. */
  get running(): boolean {
    return !this.#exited && this.#stopping === undefined;
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
