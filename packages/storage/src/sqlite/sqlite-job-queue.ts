import { randomUUID } from 'node:crypto';
import type { Statement, Transaction } from 'better-sqlite3';
import { checkDuration, checkName } from '../argument-checks.js';
import { describeError } from '../describe-error.js';
import { ReservationLostError } from '../errors/reservation-lost-error.js';
import { StorageClosedError } from '../errors/storage-closed-error.js';
import {
  createRecord,
  extendRecord,
  failRecord,
  failResult,
  holdsReservation,
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
import { type JobRecord, toJob, toJobInfo } from '../job-record.js';
import type { SqliteConnection } from './sqlite-connection.js';

// The payload lives in omi_kit_job_payloads (schema version 2), read with the job.
const RECORD = `seq, queue, id,
  (SELECT payload FROM omi_kit_job_payloads AS p WHERE p.seq = omi_kit_jobs.seq) AS payload,
  state, attempts, max_attempts AS maxAttempts,
  available_at AS availableAt, enqueued_at AS enqueuedAt, token, worker_id AS workerId,
  last_error AS lastError, dead_at AS deadAt`;

type Key = { queue: string; id: string };

type InsertParameters = [
  queue: string,
  id: string,
  state: JobRecord['state'],
  attempts: number,
  maxAttempts: number,
  availableAt: number,
  enqueuedAt: number,
];

interface PendingEnqueue {
  record: Omit<JobRecord, 'seq'>;
  resolve: (result: EnqueueResult) => void;
  reject: (error: unknown) => void;
}

/**
 * JobQueue in the omi_kit_jobs table. Every read-then-write runs in an IMMEDIATE transaction, which
 * takes the file's write lock before reading: two connections, in one process or two, can never
 * both see a job as ready and both reserve it.
 */
export class SqliteJobQueue implements JobQueue {
  readonly #connection: SqliteConnection;
  readonly #context: JobQueueContext;
  readonly #insert: Statement<InsertParameters>;
  readonly #insertPayload: Statement<[seq: number | bigint, payload: string | Buffer]>;
  readonly #next: Statement<{ queue: string; now: number }, JobRecord>;
  readonly #find: Statement<Key, JobRecord>;
  readonly #write: Statement<JobRecord>;
  readonly #ack: Statement<Key & { token: string }>;
  readonly #listDead: Statement<{ queue: string; limit: number; offset: number }, JobRecord>;
  readonly #deleteDead: Statement<Key>;
  readonly #stats: Statement<{ queue: string; now: number }, QueueStats>;
  readonly #reserve: Transaction<
    (queue: string, now: number, timeoutMs: number, workerId?: string) => JobRecord | null
  >;
  readonly #update: Transaction<
    (key: Key, change: (record: JobRecord | undefined) => JobRecord | null) => JobRecord | null
  >;
  readonly #insertBatch: Transaction<(records: Array<Omit<JobRecord, 'seq'>>) => boolean[]>;
  /** Enqueues waiting for the next group commit (see #flush). */
  #pending: PendingEnqueue[] = [];
  #flushScheduled = false;
  #closed = false;

  constructor(connection: SqliteConnection, context: JobQueueContext) {
    this.#connection = connection;
    this.#context = context;
    const db = connection.acquire();
    this.#insert = db.prepare(
      `INSERT INTO omi_kit_jobs (queue, id, state, attempts, max_attempts, available_at, enqueued_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (queue, id) DO NOTHING`,
    );
    this.#insertPayload = db.prepare('INSERT INTO omi_kit_job_payloads (seq, payload) VALUES (?, ?)');
    this.#next = db.prepare(
      `SELECT ${RECORD} FROM omi_kit_jobs
       WHERE queue = @queue AND state != 'dead' AND available_at <= @now
       ORDER BY available_at, seq LIMIT 1`,
    );
    this.#find = db.prepare(`SELECT ${RECORD} FROM omi_kit_jobs WHERE queue = @queue AND id = @id`);
    this.#write = db.prepare(
      `UPDATE omi_kit_jobs SET state = @state, attempts = @attempts, available_at = @availableAt,
       token = @token, worker_id = @workerId, last_error = @lastError, dead_at = @deadAt WHERE seq = @seq`,
    );
    // The token in the WHERE clause is what stops a stale ack from removing a newer reservation.
    this.#ack = db.prepare(
      "DELETE FROM omi_kit_jobs WHERE queue = @queue AND id = @id AND state = 'reserved' AND token = @token",
    );
    this.#listDead = db.prepare(
      `SELECT ${RECORD} FROM omi_kit_jobs WHERE queue = @queue AND state = 'dead'
       ORDER BY dead_at, seq LIMIT @limit OFFSET @offset`,
    );
    this.#deleteDead = db.prepare(
      "DELETE FROM omi_kit_jobs WHERE queue = @queue AND id = @id AND state = 'dead'",
    );
    this.#stats = db.prepare(
      `SELECT coalesce(sum(state != 'dead' AND available_at <= @now), 0) AS waiting,
              coalesce(sum(state = 'queued' AND available_at > @now), 0) AS delayed,
              coalesce(sum(state = 'reserved' AND available_at > @now), 0) AS reserved,
              coalesce(sum(state = 'dead'), 0) AS dead
       FROM omi_kit_jobs WHERE queue = @queue`,
    );
    this.#reserve = db.transaction((queue: string, now: number, timeoutMs: number, workerId?: string) => {
      for (;;) {
        const next = this.#next.get({ queue, now });
        if (!next) return null;
        const reservation = { now, visibilityTimeoutMs: timeoutMs, workerId, token: randomUUID() };
        const updated = reserveRecord(next, reservation);
        this.#write.run(updated);
        if (updated.state === 'reserved') return updated;
      }
    });
    this.#insertBatch = db.transaction((records: Array<Omit<JobRecord, 'seq'>>) =>
      records.map((record) => this.#insertRecord(record)),
    );
    this.#update = db.transaction((key: Key, change: (record: JobRecord | undefined) => JobRecord | null) => {
      const updated = change(this.#find.get(key));
      if (updated) this.#write.run(updated);
      return updated;
    });
  }

  async enqueue(queue: string, payload: unknown, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    this.#open();
    const record = createRecord(queue, payload, options, this.#context.policy, this.#context.clock.now());
    return new Promise<EnqueueResult>((resolve, reject) => {
      this.#pending.push({ record, resolve, reject });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /**
   * Group commit: the enqueues of one event-loop turn (a burst of webhooks) are written in one
   * transaction, so a busy server pays one commit for many jobs instead of one each. Every promise
   * still resolves only once its row is committed. If the batch fails, each job is retried on its
   * own so one bad job cannot fail the others.
   */
  #flush(): void {
    this.#flushScheduled = false;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    if (!this.#connection.db.open) {
      for (const item of batch) item.reject(new StorageClosedError('The SQLite job queue'));
      return;
    }
    try {
      const created = this.#insertBatch.immediate(batch.map((item) => item.record));
      for (const [index, item] of batch.entries()) {
        item.resolve({ id: item.record.id, created: created[index]! });
      }
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const item of batch) {
        try {
          item.resolve({ id: item.record.id, created: this.#insertBatch.immediate([item.record])[0]! });
        } catch (single) {
          item.reject(single);
        }
      }
    }
  }

  async reserve<P = unknown>(queue: string, options: ReserveOptions): Promise<Job<P> | null> {
    this.#open();
    checkName(queue, 'queue');
    const timeoutMs = checkDuration(options?.visibilityTimeoutMs, 'visibilityTimeoutMs', true);
    const reserved = this.#reserve.immediate(queue, this.#context.clock.now(), timeoutMs, options.workerId);
    return reserved && toJob<P>(reserved);
  }

  async ack(job: Job): Promise<void> {
    this.#open();
    const { queue, id, token } = job;
    if (this.#ack.run({ queue, id, token }).changes !== 1) throw new ReservationLostError(queue, id);
  }

  async fail(job: Job, error: unknown, options: FailOptions = {}): Promise<FailResult> {
    this.#open();
    const retryInMs =
      options.retryInMs === undefined ? undefined : checkDuration(options.retryInMs, 'retryInMs');
    const failure = {
      now: this.#context.clock.now(),
      error: describeError(error),
      retryInMs,
      retry: options.retry !== false,
      policy: this.#context.policy,
      random: this.#context.random,
    };
    const updated = this.#changeHeld(job, (record) => failRecord(record, failure));
    return failResult(updated);
  }

  async extend(job: Job, visibilityTimeoutMs: number): Promise<number> {
    this.#open();
    checkDuration(visibilityTimeoutMs, 'visibilityTimeoutMs', true);
    const now = this.#context.clock.now();
    return this.#changeHeld(job, (record) => extendRecord(record, now, visibilityTimeoutMs)).availableAt;
  }

  async getJob<P = unknown>(queue: string, id: string): Promise<JobInfo<P> | undefined> {
    this.#open();
    const record = this.#find.get({ queue: checkName(queue, 'queue'), id: checkName(id, 'id') });
    return record && toJobInfo<P>(record, this.#context.clock.now());
  }

  async listDead<P = unknown>(queue: string, options?: ListOptions): Promise<JobInfo<P>[]> {
    this.#open();
    const now = this.#context.clock.now();
    const rows = this.#listDead.all({ queue: checkName(queue, 'queue'), ...pageOf(options) });
    return rows.map((record) => toJobInfo<P>(record, now));
  }

  async requeueDead(queue: string, id: string, options: RequeueOptions = {}): Promise<boolean> {
    this.#open();
    const delayMs = options.delayMs === undefined ? 0 : checkDuration(options.delayMs, 'delayMs');
    const key = { queue: checkName(queue, 'queue'), id: checkName(id, 'id') };
    const now = this.#context.clock.now();
    const updated = this.#update.immediate(key, (record) =>
      record?.state === 'dead' ? requeueRecord(record, now, delayMs) : null,
    );
    return updated !== null;
  }

  async deleteDead(queue: string, id: string): Promise<boolean> {
    this.#open();
    return this.#deleteDead.run({ queue: checkName(queue, 'queue'), id: checkName(id, 'id') }).changes === 1;
  }

  async stats(queue: string): Promise<QueueStats> {
    this.#open();
    const stats = this.#stats.get({ queue: checkName(queue, 'queue'), now: this.#context.clock.now() });
    return stats ?? { waiting: 0, delayed: 0, reserved: 0, dead: 0 };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Enqueues already accepted are committed before the connection goes.
    this.#flush();
    await this.#connection.release();
  }

  /**
   * True when the row was inserted, false when a job with its id already exists. Runs inside a
   * transaction (the group commit's, or its own), so a job never exists without its payload.
   */
  #insertRecord(record: Omit<JobRecord, 'seq'>): boolean {
    // Positional parameters: binding from an object costs a lookup per name, per row.
    const inserted = this.#insert.run(
      record.queue,
      record.id,
      record.state,
      record.attempts,
      record.maxAttempts,
      record.availableAt,
      record.enqueuedAt,
    );
    if (inserted.changes !== 1) return false;
    this.#insertPayload.run(inserted.lastInsertRowid, record.payload);
    return true;
  }

  #open(): void {
    if (this.#closed) throw new StorageClosedError('The SQLite job queue');
  }

  /** Apply `change` to the job's record if `job` still holds its reservation, else throw. */
  #changeHeld(job: Job, change: (record: JobRecord) => JobRecord): JobRecord {
    const updated = this.#update.immediate({ queue: job.queue, id: job.id }, (record) =>
      holdsReservation(record, job) ? change(record) : null,
    );
    if (!updated) throw new ReservationLostError(job.queue, job.id);
    return updated;
  }
}
