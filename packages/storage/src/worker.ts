import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { checkCount, checkDuration, checkName, checkPositiveInteger } from './argument-checks.js';
import { ReservationLostError } from './errors/reservation-lost-error.js';
import { StorageClosedError } from './errors/storage-closed-error.js';
import type { Job, JobQueue } from './job-queue.js';
import type { Logger } from './logger.js';

export interface JobContext {
  /** Aborted when this worker lost the job's reservation (another worker may now run it): stop early. */
  signal: AbortSignal;
  workerId: string;
}

/** Resolve to ack the job; throw to fail it (retried with backoff, then dead-lettered). */
export type JobHandler<P> = (job: Job<P>, context: JobContext) => Promise<void> | void;

export interface WorkerOptions<P = unknown> {
  /** The queue's name. */
  queue: string;
  /** Where the jobs are: `storage.jobs`. */
  store: JobQueue;
  handler: JobHandler<P>;
  /** Jobs run at once (default 1). */
  concurrency?: number;
  /** How long to wait before looking again when the queue is empty (default 1000 ms). */
  pollIntervalMs?: number;
  /** How long a job stays reserved without a heartbeat (default 30 000 ms). */
  visibilityTimeoutMs?: number;
  /** How often a running job's reservation is extended (default a third of the timeout); 0 turns it off. */
  heartbeatIntervalMs?: number;
  /** Recorded on reserved jobs (default host:pid:random). */
  workerId?: string;
  /** Aborting it stops the worker, as stop() does. */
  signal?: AbortSignal;
  /** Defaults to console. */
  logger?: Logger;
}

export interface Worker {
  readonly workerId: string;
  /** Stop reserving jobs and wait until those in flight are acked or failed. Safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * Run `handler` for the jobs of one queue until stopped. While a job runs its reservation is
 * extended (a heartbeat), so a long job is not delivered to a second worker; if the worker process
 * dies, the heartbeat stops and the job is delivered again once its visibility timeout has passed.
 */
export function createWorker<P = unknown>(options: WorkerOptions<P>): Worker {
  const queue = checkName(options.queue, 'queue');
  const { store, handler, signal } = options;
  const concurrency = checkPositiveInteger(options.concurrency ?? 1, 'concurrency');
  const pollIntervalMs = checkDuration(options.pollIntervalMs ?? 1_000, 'pollIntervalMs', true);
  const visibilityTimeoutMs = checkDuration(
    options.visibilityTimeoutMs ?? 30_000,
    'visibilityTimeoutMs',
    true,
  );
  const heartbeatIntervalMs = checkCount(
    options.heartbeatIntervalMs ?? Math.max(1, Math.floor(visibilityTimeoutMs / 3)),
    'heartbeatIntervalMs',
  );
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const logger = options.logger ?? console;
  const log = { queue, workerId };

  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  let wake: (() => void) | undefined;

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake = done;
    });
  }

  function startHeartbeat(job: Job<P>, lost: AbortController): () => void {
    if (heartbeatIntervalMs === 0) return () => {};
    let finished = false;
    const timer = setInterval(() => {
      store.extend(job, visibilityTimeoutMs).catch((err: unknown) => {
        if (finished) return;
        if (err instanceof ReservationLostError) {
          clearInterval(timer);
          lost.abort(err);
          logger.warn(
            { ...log, jobId: job.id },
            'job reservation lost while running; it may run again elsewhere',
          );
        } else {
          logger.warn({ ...log, jobId: job.id, err }, 'extending a job reservation failed; will try again');
        }
      });
    }, heartbeatIntervalMs);
    return () => {
      finished = true;
      clearInterval(timer);
    };
  }

  async function run(job: Job<P>): Promise<void> {
    const lost = new AbortController();
    const stopHeartbeat = startHeartbeat(job, lost);
    const where = { ...log, jobId: job.id, attempt: job.attempt };
    try {
      let failure: { error: unknown } | undefined;
      try {
        await handler(job, { signal: lost.signal, workerId });
      } catch (error) {
        failure = { error };
      }
      stopHeartbeat();
      if (!failure) {
        await store.ack(job);
        return;
      }
      const result = await store.fail(job, failure.error);
      if (result.state === 'dead') {
        logger.error(
          { ...where, err: failure.error },
          'job failed on its last attempt; moved to the dead-letter list',
        );
      } else {
        logger.warn({ ...where, err: failure.error, retryAt: result.retryAt }, 'job failed; will retry');
      }
    } catch (error) {
      if (error instanceof ReservationLostError) {
        logger.warn(where, 'job finished after its reservation was lost; another worker may run it again');
      } else {
        logger.error({ ...where, err: error }, 'could not record the outcome of a job; it will run again');
      }
    } finally {
      stopHeartbeat();
    }
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      if (inFlight.size >= concurrency) {
        await Promise.race(inFlight);
        continue;
      }
      let job: Job<P> | null;
      try {
        job = await store.reserve<P>(queue, { visibilityTimeoutMs, workerId });
      } catch (error) {
        if (error instanceof StorageClosedError) {
          logger.error({ ...log, err: error }, 'job store closed under a running worker; the worker stops');
          stopping = true;
          break;
        }
        logger.error({ ...log, err: error }, 'reserving a job failed; trying again after the poll interval');
        await pause(pollIntervalMs);
        continue;
      }
      if (!job) {
        await pause(pollIntervalMs);
        continue;
      }
      const task: Promise<void> = run(job).finally(() => inFlight.delete(task));
      inFlight.add(task);
      // With a store that answers at once (SQLite, memory) and handlers that do not wait, every
      // await above resolves as a microtask: without this the loop would work through the whole
      // backlog before the event loop could read one request (a 20 ms stall per 100 webhooks).
      // (node:timers/promises: a real turn of the event loop even under a test's fake timers.)
      await nextTurn();
    }
  }

  const looping = signal?.aborted ? Promise.resolve() : loop();
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    if (!stopped) {
      stopping = true;
      wake?.();
      signal?.removeEventListener('abort', onAbort);
      stopped = looping.then(async () => {
        await Promise.all(inFlight);
      });
    }
    return stopped;
  };
  const onAbort = () => void stop();
  signal?.addEventListener('abort', onAbort, { once: true });
  return { workerId, stop };
}
