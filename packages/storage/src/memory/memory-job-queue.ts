import { randomUUID } from 'node:crypto';
import { checkDuration, checkName } from '../argument-checks.js';
import { describeError } from '../describe-error.js';
import { ReservationLostError } from '../errors/reservation-lost-error.js';
import { StorageClosedError } from '../errors/storage-closed-error.js';
import {
  compareReadiness,
  createRecord,
  extendRecord,
  failRecord,
  failResult,
  holdsReservation,
  isReservable,
  pageOf,
  requeueRecord,
  reserveRecord,
} from '../job-lifecycle.js';
import type {
  EnqueueOptions,
  EnqueueResult,
  FailOptions,
  FailResult,
  Job,
  JobInfo,
  JobQueue,
  ListOptions,
  QueueStats,
  RequeueOptions,
  ReserveOptions,
} from '../job-queue.js';
import type { JobQueueContext } from '../job-queue-context.js';
import { type JobRecord, jobStateAt, toJob, toJobInfo } from '../job-record.js';

/**
 * JobQueue in Maps. Each method reads and writes without awaiting in between, which is what makes
 * it atomic within the process.
 */
export class MemoryJobQueue implements JobQueue {
  readonly #queues = new Map<string, Map<string, JobRecord>>();
  readonly #context: JobQueueContext;
  #seq = 0;
  #closed = false;

  /** The storage's key-value store, for `unlessKey`. */
  readonly #kv: { holds(key: string): boolean } | undefined;

  constructor(context: JobQueueContext, kv?: { holds(key: string): boolean }) {
    this.#context = context;
    this.#kv = kv;
  }

  async enqueue(queue: string, payload: unknown, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    this.#open();
    const fresh = createRecord(queue, payload, options, this.#context.policy, this.#context.clock.now());
    const jobs = this.#jobs(fresh.queue);
    const unlessKey = options.unlessKey === undefined ? undefined : checkName(options.unlessKey, 'unlessKey');
    if (jobs.has(fresh.id) || (unlessKey !== undefined && this.#kv?.holds(unlessKey))) {
      return { id: fresh.id, created: false };
    }
    this.#seq += 1;
    jobs.set(fresh.id, { ...fresh, seq: this.#seq });
    return { id: fresh.id, created: true };
  }

  async reserve<P = unknown>(queue: string, options: ReserveOptions): Promise<Job<P> | null> {
    this.#open();
    const jobs = this.#jobs(checkName(queue, 'queue'));
    const visibilityTimeoutMs = checkDuration(options?.visibilityTimeoutMs, 'visibilityTimeoutMs', true);
    const now = this.#context.clock.now();
    for (;;) {
      let next: JobRecord | undefined;
      for (const record of jobs.values()) {
        if (isReservable(record, now) && (!next || compareReadiness(record, next) < 0)) next = record;
      }
      if (!next) return null;
      const token = randomUUID();
      const updated = reserveRecord(next, { now, visibilityTimeoutMs, workerId: options.workerId, token });
      jobs.set(updated.id, updated);
      if (updated.state === 'reserved') return toJob<P>(updated);
    }
  }

  async ack(job: Job): Promise<void> {
    this.#held(job);
    this.#jobs(job.queue).delete(job.id);
  }

  async fail(job: Job, error: unknown, options: FailOptions = {}): Promise<FailResult> {
    const retryInMs =
      options.retryInMs === undefined ? undefined : checkDuration(options.retryInMs, 'retryInMs');
    const updated = failRecord(this.#held(job), {
      now: this.#context.clock.now(),
      error: describeError(error),
      retryInMs,
      retry: options.retry !== false,
      policy: this.#context.policy,
      random: this.#context.random,
    });
    this.#jobs(job.queue).set(job.id, updated);
    return failResult(updated);
  }

  async extend(job: Job, visibilityTimeoutMs: number): Promise<number> {
    checkDuration(visibilityTimeoutMs, 'visibilityTimeoutMs', true);
    const updated = extendRecord(this.#held(job), this.#context.clock.now(), visibilityTimeoutMs);
    this.#jobs(job.queue).set(job.id, updated);
    return updated.availableAt;
  }

  async getJob<P = unknown>(queue: string, id: string): Promise<JobInfo<P> | undefined> {
    this.#open();
    const record = this.#jobs(checkName(queue, 'queue')).get(checkName(id, 'id'));
    return record && toJobInfo<P>(record, this.#context.clock.now());
  }

  async listDead<P = unknown>(queue: string, options?: ListOptions): Promise<JobInfo<P>[]> {
    this.#open();
    const { limit, offset } = pageOf(options);
    const now = this.#context.clock.now();
    return [...this.#jobs(checkName(queue, 'queue')).values()]
      .filter((record) => record.state === 'dead')
      .sort((a, b) => (a.deadAt ?? 0) - (b.deadAt ?? 0) || a.seq - b.seq)
      .slice(offset, offset + limit)
      .map((record) => toJobInfo<P>(record, now));
  }

  async requeueDead(queue: string, id: string, options: RequeueOptions = {}): Promise<boolean> {
    this.#open();
    const delayMs = options.delayMs === undefined ? 0 : checkDuration(options.delayMs, 'delayMs');
    const jobs = this.#jobs(checkName(queue, 'queue'));
    const record = jobs.get(checkName(id, 'id'));
    if (record?.state !== 'dead') return false;
    jobs.set(id, requeueRecord(record, this.#context.clock.now(), delayMs));
    return true;
  }

  async deleteDead(queue: string, id: string): Promise<boolean> {
    this.#open();
    const jobs = this.#jobs(checkName(queue, 'queue'));
    if (jobs.get(checkName(id, 'id'))?.state !== 'dead') return false;
    return jobs.delete(id);
  }

  async stats(queue: string): Promise<QueueStats> {
    this.#open();
    const now = this.#context.clock.now();
    const stats = { waiting: 0, delayed: 0, reserved: 0, dead: 0 };
    for (const record of this.#jobs(checkName(queue, 'queue')).values()) {
      stats[jobStateAt(record, now)] += 1;
    }
    return stats;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#queues.clear();
  }

  #open(): void {
    if (this.#closed) throw new StorageClosedError('The memory job queue');
  }

  #jobs(queue: string): Map<string, JobRecord> {
    let jobs = this.#queues.get(queue);
    if (!jobs) {
      jobs = new Map();
      this.#queues.set(queue, jobs);
    }
    return jobs;
  }

  #held(job: Job): JobRecord {
    this.#open();
    const record = this.#queues.get(job.queue)?.get(job.id);
    if (!holdsReservation(record, job)) throw new ReservationLostError(job.queue, job.id);
    return record;
  }
}
