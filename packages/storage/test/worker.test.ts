import { setImmediate as realTurn } from 'node:timers/promises';
import {
  createMemoryStorage,
  createWorker,
  type JobQueue,
  type Logger,
  ReservationLostError,
  type Storage,
  StorageError,
} from '@omi-kit/storage';
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';

// Fake timers drive both the worker's polling and heartbeats and the store's clock (Date.now).

type Payload = { n: number };

/** The worker yields a real event-loop turn after each job it takes; let a few of those pass. */
async function realTurns(count = 10): Promise<void> {
  for (let i = 0; i < count; i++) {
    await realTurn();
    await vi.advanceTimersByTimeAsync(0);
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** The store with some methods replaced, to simulate faults. */
function withOverrides(store: JobQueue, overrides: Partial<JobQueue>): JobQueue {
  return new Proxy(store, {
    get(target, property) {
      if (property in overrides) return overrides[property as keyof JobQueue];
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('createWorker', () => {
  let storage: Storage;
  let logger: Logger & { warn: Mock; error: Mock };

  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2025, 0, 1) });
    storage = createMemoryStorage({ quiet: true, retry: { maxAttempts: 3, baseDelayMs: 1_000, jitter: 0 } });
    logger = { warn: vi.fn(), error: vi.fn() };
  });
  afterEach(async () => {
    await storage.close();
    vi.useRealTimers();
  });

  const base = () => ({ queue: 'q', store: storage.jobs, pollIntervalMs: 100, logger });

  it('runs queued jobs in order and acks them', async () => {
    for (const n of [1, 2, 3]) await storage.jobs.enqueue('q', { n });
    const seen: number[] = [];
    const worker = createWorker<Payload>({ ...base(), handler: (job) => void seen.push(job.payload.n) });
    await vi.advanceTimersByTimeAsync(0);
    await realTurns();
    expect(seen).toEqual([1, 2, 3]);
    expect(await storage.jobs.stats('q')).toEqual({ waiting: 0, delayed: 0, reserved: 0, dead: 0 });
    await worker.stop();
    expect(logger.warn).not.toHaveBeenCalled();
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('picks up a job enqueued later on its next poll', async () => {
    const seen: number[] = [];
    const worker = createWorker<Payload>({ ...base(), handler: (job) => void seen.push(job.payload.n) });
    await vi.advanceTimersByTimeAsync(50);
    await storage.jobs.enqueue('q', { n: 7 });
    await vi.advanceTimersByTimeAsync(49);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual([7]);
    await worker.stop();
  });

  it('retries a throwing handler with backoff, then dead-letters the job', async () => {
    await storage.jobs.enqueue('q', { n: 1 }, { id: 'flaky' });
    const attempts: number[] = [];
    const worker = createWorker<Payload>({
      ...base(),
      handler: (job) => {
        attempts.push(job.attempt);
        throw new Error(`down (attempt ${job.attempt})`);
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(attempts).toEqual([1]);
    await vi.advanceTimersByTimeAsync(999);
    expect(attempts).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(attempts).toEqual([1, 2, 3]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(attempts).toEqual([1, 2, 3]);
    expect(await storage.jobs.listDead('q')).toEqual([
      expect.objectContaining({ id: 'flaky', attempts: 3, lastError: 'Error: down (attempt 3)' }),
    ]);
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ jobId: 'flaky', attempt: 1 }),
      'job failed; will retry',
    );
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error.mock.calls[0]?.[1]).toMatch(/dead-letter/);
    await worker.stop();
  });

  it('runs up to `concurrency` jobs at once', async () => {
    for (const n of [1, 2, 3]) await storage.jobs.enqueue('q', { n });
    const gates = new Map([1, 2, 3].map((n) => [n, deferred()]));
    const started: number[] = [];
    const worker = createWorker<Payload>({
      ...base(),
      concurrency: 2,
      handler: async (job) => {
        started.push(job.payload.n);
        await gates.get(job.payload.n)?.promise;
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    await realTurns();
    expect(started).toEqual([1, 2]);
    gates.get(2)?.resolve();
    await vi.advanceTimersByTimeAsync(0);
    await realTurns();
    expect(started).toEqual([1, 2, 3]);
    for (const gate of gates.values()) gate.resolve();
    await worker.stop();
    expect(await storage.jobs.stats('q')).toEqual({ waiting: 0, delayed: 0, reserved: 0, dead: 0 });
  });

  it('stop() takes no new job and waits for the one in flight', async () => {
    await storage.jobs.enqueue('q', { n: 1 });
    const gate = deferred();
    const started: number[] = [];
    const worker = createWorker<Payload>({
      ...base(),
      handler: async (job) => {
        started.push(job.payload.n);
        await gate.promise;
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    expect(worker.stop()).toBe(worker.stop());
    await storage.jobs.enqueue('q', { n: 2 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(started).toEqual([1]);
    expect(await storage.jobs.stats('q')).toEqual({ waiting: 1, delayed: 0, reserved: 0, dead: 0 });
  });

  it('extends the reservation while a long job runs, so nobody else gets it', async () => {
    await storage.jobs.enqueue('q', { n: 1 }, { id: 'long' });
    const gate = deferred();
    const worker = createWorker<Payload>({
      ...base(),
      visibilityTimeoutMs: 3_000,
      handler: () => gate.promise,
    });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await storage.jobs.reserve('q', { visibilityTimeoutMs: 1_000 })).toBeNull();
    expect(await storage.jobs.getJob('q', 'long')).toMatchObject({ state: 'reserved', attempts: 1 });
    gate.resolve();
    await worker.stop();
    expect(await storage.jobs.getJob('q', 'long')).toBeUndefined();
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('without a heartbeat, a job past its timeout goes to another worker and the late ack is refused', async () => {
    await storage.jobs.enqueue('q', { n: 1 }, { id: 'slow' });
    const gate = deferred();
    const worker = createWorker<Payload>({
      ...base(),
      visibilityTimeoutMs: 3_000,
      heartbeatIntervalMs: 0,
      handler: () => gate.promise,
    });
    await vi.advanceTimersByTimeAsync(3_000);
    const other = await storage.jobs.reserve('q', { visibilityTimeoutMs: 60_000 });
    expect(other).toMatchObject({ id: 'slow', attempt: 2 });
    gate.resolve();
    await worker.stop();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ jobId: 'slow' }),
      expect.stringMatching(/reservation was lost/),
    );
    expect(await storage.jobs.getJob('q', 'slow')).toMatchObject({ state: 'reserved', attempts: 2 });
  });

  it('aborts the handler signal when the heartbeat finds the reservation lost', async () => {
    await storage.jobs.enqueue('q', { n: 1 }, { id: 'j' });
    const store = withOverrides(storage.jobs, {
      extend: async (job) => {
        throw new ReservationLostError(job.queue, job.id);
      },
    });
    let reason: unknown;
    const worker = createWorker<Payload>({
      ...base(),
      store,
      visibilityTimeoutMs: 3_000,
      handler: (_job, { signal }) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            reason = signal.reason;
            resolve();
          });
        }),
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(reason).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(reason).toBeInstanceOf(ReservationLostError);
    await worker.stop();
  });

  it('stops when its abort signal fires', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const worker = createWorker<Payload>({
      ...base(),
      signal: controller.signal,
      handler: (job) => void seen.push(job.payload.n),
    });
    controller.abort();
    await storage.jobs.enqueue('q', { n: 1 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen).toEqual([]);
    await worker.stop();
  });

  it('logs a failing reserve and tries again on the next poll', async () => {
    await storage.jobs.enqueue('q', { n: 1 });
    let failures = 1;
    const real = storage.jobs;
    const store = withOverrides(real, {
      reserve: (async (queue, options) => {
        if (failures-- > 0) throw new StorageError('ERR_STORAGE_INVALID_ARGUMENT', 'disk trouble');
        return real.reserve(queue, options);
      }) as JobQueue['reserve'],
    });
    const seen: number[] = [];
    const worker = createWorker<Payload>({
      ...base(),
      store,
      handler: (job) => void seen.push(job.payload.n),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([]);
    expect(logger.error).toHaveBeenCalledWith(
      expect.anything(),
      expect.stringMatching(/reserving a job failed/),
    );
    await vi.advanceTimersByTimeAsync(100);
    expect(seen).toEqual([1]);
    await worker.stop();
  });

  it('lets the event loop run between jobs, so a backlog does not hold up requests', async () => {
    for (let n = 0; n < 50; n++) await storage.jobs.enqueue('q', { n });
    const seen: number[] = [];
    const worker = createWorker<Payload>({
      ...base(),
      concurrency: 4,
      handler: (job) => void seen.push(job.payload.n),
    });
    // A callback queued now (as a request's I/O would be) runs after a handful of jobs, not 50.
    const handledWhenTheLoopRan = await new Promise<number>((resolve) => {
      realTurn().then(() => resolve(seen.length));
    });
    expect(handledWhenTheLoopRan).toBeLessThan(10);
    await realTurns(200);
    expect(seen).toHaveLength(50);
    await worker.stop();
  });

  it('stops by itself when its store is closed', async () => {
    const worker = createWorker<Payload>({ ...base(), handler: () => {} });
    await storage.jobs.close();
    await vi.advanceTimersByTimeAsync(100);
    await worker.stop();
    expect(logger.error).toHaveBeenCalledWith(expect.anything(), expect.stringMatching(/closed/));
  });
});
