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
import { startSweeper } from '../sweeper.js';
import {
  PayloadFiles,
  type PayloadFilesOptions,
  type PayloadLocation,
  PayloadUnreadable,
  payloadDirectory,
} from './payload-files.js';
import type { SqliteConnection } from './sqlite-connection.js';

export interface SqliteJobQueueOptions {
  /**
   * Payloads at least this many bytes long are written to payload files beside the database rather
   * than into it (default 4096); Infinity keeps every payload in the database.
   */
  payloadFileMinBytes?: number;
  /** How often unused payload files are looked for and deleted (default 60 000 ms; 0: never). */
  collectIntervalMs?: number;
  /** When a payload file is rolled over and when an unsealed one counts as abandoned. */
  payloadFiles?: Omit<PayloadFilesOptions, 'clock'>;
}

// The payload lives in omi_kit_job_payloads (schema version 2), read with the job; a large one in a
// payload file, whose place the job's own row holds (schema version 3), with no payload row.
const RECORD = `j.seq AS seq, queue, id, p.payload AS payload,
  payload_segment AS segment, payload_offset AS segmentOffset, payload_length AS payloadLength,
  state, attempts, max_attempts AS maxAttempts,
  available_at AS availableAt, enqueued_at AS enqueuedAt, token, worker_id AS workerId,
  last_error AS lastError, dead_at AS deadAt
  FROM omi_kit_jobs AS j LEFT JOIN omi_kit_job_payloads AS p ON p.seq = j.seq`;

/**
 * What a reservation hands back from its transaction: the job when its payload was parsed there
 * (one from a payload file), else the record, parsed after the commit.
 */
type Reserved = { job: Job; record?: undefined } | { job?: undefined; record: JobRecord };

/** A job's row as read: its record, and where its payload is when that is in a payload file. */
type JobRow = JobRecord & {
  segment: number | null;
  segmentOffset: number | null;
  payloadLength: number | null;
};

type Key = { queue: string; id: string };

type InsertParameters = [
  queue: string,
  id: string,
  state: JobRecord['state'],
  attempts: number,
  maxAttempts: number,
  availableAt: number,
  enqueuedAt: number,
  segment: number | null,
  offset: number | null,
  length: number | null,
];

interface PendingEnqueue {
  record: Omit<JobRecord, 'seq'>;
  /** EnqueueOptions.unlessKey, checked in the insert. */
  unlessKey: string | undefined;
  /** Where its payload went, when it went to a payload file. */
  location?: PayloadLocation;
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
  readonly #insertUnlessKey: Statement<[...InsertParameters, key: string, now: number]>;
  readonly #insertPayload: Statement<[seq: number | bigint, payload: string | Buffer]>;
  readonly #forgetPayloadFile: Statement<[seq: number]>;
  readonly #next: Statement<{ queue: string; now: number }, JobRow>;
  readonly #find: Statement<Key, JobRow>;
  readonly #write: Statement<JobRecord>;
  readonly #ack: Statement<Key & { token: string }>;
  readonly #listDead: Statement<{ queue: string; limit: number; offset: number }, JobRow>;
  readonly #deleteDead: Statement<Key>;
  readonly #stats: Statement<{ queue: string; now: number }, QueueStats>;
  readonly #reserve: Transaction<
    (queue: string, now: number, timeoutMs: number, workerId?: string) => Reserved | null
  >;
  readonly #update: Transaction<
    (key: Key, change: (record: JobRow | undefined) => JobRecord | null) => JobRecord | null
  >;
  readonly #insertBatch: Transaction<(items: PendingEnqueue[]) => boolean[]>;
  /** Large payloads' files; undefined for a database in memory. */
  readonly #payloadFiles: PayloadFiles | undefined;
  /** Payloads at least this large go to a payload file while the background checkpointer runs. */
  readonly #payloadFileMinBytes: number;
  readonly #stopCollecting: () => void;
  /** Enqueues waiting for the next group commit (see #flush). */
  #pending: PendingEnqueue[] = [];
  #flushScheduled = false;
  /** A batch whose payloads are being written; it commits (and flushes what came meanwhile) after. */
  #writing: Promise<void> | undefined;
  #closed = false;

  constructor(connection: SqliteConnection, context: JobQueueContext, options: SqliteJobQueueOptions = {}) {
    this.#connection = connection;
    this.#context = context;
    const db = connection.acquire();
    this.#payloadFileMinBytes = options.payloadFileMinBytes ?? 4096;
    // Read wherever the file is; written only while the checkpointer runs (it syncs them, see PayloadFiles).
    this.#payloadFiles =
      connection.filename === ':memory:'
        ? undefined
        : new PayloadFiles(db, payloadDirectory(connection.filename), {
            clock: context.clock,
            ...options.payloadFiles,
          });
    this.#stopCollecting = this.#payloadFiles
      ? startSweeper(
          async () => this.#payloadFiles?.collect(),
          options.collectIntervalMs ?? 60_000,
          context.logger,
          'deleting unused payload files',
        )
      : () => {};
    const columns = `queue, id, state, attempts, max_attempts, available_at, enqueued_at,
      payload_segment, payload_offset, payload_length`;
    this.#insert = db.prepare(
      `INSERT INTO omi_kit_jobs (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (queue, id) DO NOTHING`,
    );
    // The same insert, skipped while the key-value store holds a live entry under the key.
    this.#insertUnlessKey = db.prepare(
      `INSERT INTO omi_kit_jobs (${columns})
       SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
       WHERE NOT EXISTS (SELECT 1 FROM omi_kit_kv WHERE key = ? AND (expires_at IS NULL OR expires_at > ?))
       ON CONFLICT (queue, id) DO NOTHING`,
    );
    this.#insertPayload = db.prepare('INSERT INTO omi_kit_job_payloads (seq, payload) VALUES (?, ?)');
    this.#forgetPayloadFile = db.prepare(
      'UPDATE omi_kit_jobs SET payload_segment = NULL, payload_offset = NULL, payload_length = NULL WHERE seq = ?',
    );
    this.#next = db.prepare(
      `SELECT ${RECORD}
       WHERE queue = @queue AND state != 'dead' AND available_at <= @now
       ORDER BY available_at, j.seq LIMIT 1`,
    );
    this.#find = db.prepare(`SELECT ${RECORD} WHERE queue = @queue AND id = @id`);
    this.#write = db.prepare(
      `UPDATE omi_kit_jobs SET state = @state, attempts = @attempts, available_at = @availableAt,
       token = @token, worker_id = @workerId, last_error = @lastError, dead_at = @deadAt WHERE seq = @seq`,
    );
    // The token in the WHERE clause is what stops a stale ack from removing a newer reservation.
    this.#ack = db.prepare(
      "DELETE FROM omi_kit_jobs WHERE queue = @queue AND id = @id AND state = 'reserved' AND token = @token",
    );
    this.#listDead = db.prepare(
      `SELECT ${RECORD} WHERE queue = @queue AND state = 'dead'
       ORDER BY dead_at, j.seq LIMIT @limit OFFSET @offset`,
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
        if (updated.state !== 'reserved') {
          this.#write.run(updated);
          this.#keepDeadPayload(next);
          continue;
        }
        // A payload in the database is parsed after the commit, as always (bad JSON there is the
        // caller's own, and fails that attempt); one from a payload file is parsed here, as the check
        // that the bytes are the ones written.
        if (next.segment === null) {
          this.#write.run(updated);
          return { record: updated };
        }
        const payload = this.#payloadOf(next);
        let job: Job | undefined;
        if (!(payload instanceof PayloadUnreadable)) {
          try {
            job = toJob({ ...updated, payload });
          } catch {}
        }
        if (!job) {
          const reason =
            payload instanceof PayloadUnreadable
              ? payload.message
              : `its payload in ${this.#payloadFiles?.fileOf(next.segment ?? 0)} (offset ` +
                `${next.segmentOffset}, ${next.payloadLength} bytes) is not the JSON that was enqueued: it ` +
                'was lost or damaged, most likely by an OS crash or power loss soon after the job was enqueued.';
          // Nothing can run it: straight to the dead letters, with the reason, never to a handler.
          const dead = failRecord(updated, {
            now,
            error: `@omi-kit/storage: job ${next.id} was dead-lettered because ${reason}`,
            retryInMs: undefined,
            retry: false,
            policy: this.#context.policy,
            random: this.#context.random,
          });
          this.#write.run(dead);
          this.#storePayload('null', next.seq);
          continue;
        }
        this.#write.run(updated);
        return { job };
      }
    });
    this.#insertBatch = db.transaction((items: PendingEnqueue[]) =>
      items.map((item) => this.#insertRecord(item)),
    );
    this.#update = db.transaction((key: Key, change: (record: JobRow | undefined) => JobRecord | null) => {
      const found = this.#find.get(key);
      const updated = change(found);
      if (updated) this.#write.run(updated);
      if (updated?.state === 'dead' && found) this.#keepDeadPayload(found);
      return updated;
    });
  }

  async enqueue(queue: string, payload: unknown, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    this.#open();
    const record = createRecord(queue, payload, options, this.#context.policy, this.#context.clock.now());
    const unlessKey = options.unlessKey === undefined ? undefined : checkName(options.unlessKey, 'unlessKey');
    return new Promise<EnqueueResult>((resolve, reject) => {
      this.#pending.push({ record, unlessKey, resolve, reject });
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
   * own so one bad job cannot fail the others. While a batch's payloads are being written to their
   * file (direct writes run off the event loop), new enqueues gather into the next batch.
   */
  #flush(): void {
    this.#flushScheduled = false;
    if (this.#writing) return; // flushed again once that write is done
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    if (!this.#connection.db.open) {
      for (const item of batch) item.reject(new StorageClosedError('The SQLite job queue'));
      return;
    }
    let written: Promise<void> | undefined;
    try {
      written = this.#writePayloadFiles(batch);
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    if (!written) {
      this.#commit(batch);
      return;
    }
    this.#writing = written
      .then(
        () => this.#commit(batch),
        (error) => {
          for (const item of batch) item.reject(error);
        },
      )
      .finally(() => {
        this.#writing = undefined;
        this.#flush();
      });
  }

  #commit(batch: PendingEnqueue[]): void {
    try {
      const created = this.#insertBatch.immediate(batch);
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
          item.resolve({ id: item.record.id, created: this.#insertBatch.immediate([item])[0]! });
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
    if (reserved === null) return null;
    return (reserved.job ?? toJob(reserved.record)) as Job<P>;
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
    const key = { queue: checkName(queue, 'queue'), id: checkName(id, 'id') };
    // One read transaction: the payload file cannot be collected while this snapshot refers to it.
    const record = this.#read(() => {
      const row = this.#find.get(key);
      return row && this.#withPayload(row);
    });
    return record && toJobInfo<P>(record, this.#context.clock.now());
  }

  async listDead<P = unknown>(queue: string, options?: ListOptions): Promise<JobInfo<P>[]> {
    this.#open();
    const now = this.#context.clock.now();
    const page = { queue: checkName(queue, 'queue'), ...pageOf(options) };
    const records = this.#read(() => this.#listDead.all(page).map((row) => this.#withPayload(row)));
    return records.map((record) => toJobInfo<P>(record, now));
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
    while (this.#writing) await this.#writing;
    this.#stopCollecting();
    try {
      this.#payloadFiles?.close();
    } finally {
      await this.#connection.release();
    }
  }

  /**
   * True when the row was inserted, false when a job with its id already exists. Runs inside a
   * transaction (the group commit's, or its own), so a job never exists without its payload.
   */
  #insertRecord({ record, location, unlessKey }: PendingEnqueue): boolean {
    // Positional parameters: binding from an object costs a lookup per name, per row.
    const row: InsertParameters = [
      record.queue,
      record.id,
      record.state,
      record.attempts,
      record.maxAttempts,
      record.availableAt,
      record.enqueuedAt,
      location?.segment ?? null,
      location?.offset ?? null,
      location?.length ?? null,
    ];
    const inserted =
      unlessKey === undefined
        ? this.#insert.run(...row)
        : this.#insertUnlessKey.run(...row, unlessKey, record.enqueuedAt);
    if (inserted.changes !== 1) return false;
    if (!location) this.#insertPayload.run(inserted.lastInsertRowid, record.payload);
    return true;
  }

  /**
   * Before the group commit: the batch's large payloads, appended to this process's payload file in
   * one write (a returned promise ends with a direct write). Only while the background checkpointer
   * runs, which syncs the files before it copies the rows that refer to them into the database file.
   */
  #writePayloadFiles(batch: PendingEnqueue[]): Promise<void> | undefined {
    const files = this.#payloadFiles;
    if (!files || !this.#connection.checkpointer?.running) return undefined;
    const large: PendingEnqueue[] = [];
    const bytes: Buffer[] = [];
    for (const item of batch) {
      const { payload } = item.record;
      if (item.location || payload.length < this.#payloadFileMinBytes) continue;
      large.push(item);
      bytes.push(typeof payload === 'string' ? Buffer.from(payload) : payload);
    }
    if (large.length === 0) return undefined;
    const { locations, written } = files.append(bytes);
    for (const [index, item] of large.entries()) item.location = locations[index];
    return written;
  }

  /** The row's payload: in the row, or read from its payload file (PayloadUnreadable if it cannot be). */
  #payloadOf(row: JobRow): string | Buffer | PayloadUnreadable {
    if (row.segment === null) return row.payload;
    if (!this.#payloadFiles) return new PayloadUnreadable('the database is in memory');
    try {
      return this.#payloadFiles.read({
        segment: row.segment,
        offset: row.segmentOffset ?? 0,
        length: row.payloadLength ?? 0,
      });
    } catch (error) {
      if (error instanceof PayloadUnreadable) return error;
      throw error;
    }
  }

  /** The record with its payload; one that cannot be read back is shown as null. */
  #withPayload(row: JobRow): JobRecord {
    const payload = this.#payloadOf(row);
    return { ...row, payload: payload instanceof PayloadUnreadable ? 'null' : payload };
  }

  /**
   * A job just dead-lettered keeps its payload in the database, not in a payload file, so one job
   * left in the dead letters does not keep a whole file from being deleted.
   */
  #keepDeadPayload(row: JobRow): void {
    if (row.segment === null) return;
    const payload = this.#payloadOf(row);
    this.#storePayload(payload instanceof PayloadUnreadable ? 'null' : payload, row.seq);
  }

  /** Put a job's payload in the database, in place of its payload file. */
  #storePayload(payload: string | Buffer, seq: number): void {
    this.#insertPayload.run(seq, payload);
    this.#forgetPayloadFile.run(seq);
  }

  /** Run `body` in one read transaction (one snapshot), unless a transaction is already open. */
  #read<T>(body: () => T): T {
    const { db } = this.#connection;
    return db.inTransaction ? body() : db.transaction(body).deferred();
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
