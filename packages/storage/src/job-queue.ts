/** A job as handed to the worker that reserved it. */
export interface Job<P = unknown> {
  readonly queue: string;
  readonly id: string;
  readonly payload: P;
  /** 1 on the first delivery, 2 on the first retry, and so on. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** When it was enqueued (ms since the epoch). */
  readonly enqueuedAt: number;
  /** The reservation lasts until then unless extended; after it the job can be delivered again. */
  readonly reservedUntil: number;
  /** Proves this reservation in ack/fail/extend; a stale token is rejected with ReservationLostError. */
  readonly token: string;
  readonly workerId?: string;
  /** Why the previous attempt failed, when there was one. */
  readonly lastError?: string;
}

/** `waiting`: can be reserved now (including jobs whose reservation ran out). */
export type JobState = 'waiting' | 'delayed' | 'reserved' | 'dead';

/** A job as seen from outside, for inspection and dead-letter listings. */
export interface JobInfo<P = unknown> {
  readonly queue: string;
  readonly id: string;
  readonly payload: P;
  readonly state: JobState;
  /** Deliveries so far. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly enqueuedAt: number;
  /** When it becomes (or became) reservable; for a reserved job, when its reservation runs out. */
  readonly availableAt: number;
  readonly lastError?: string;
  readonly workerId?: string;
  /** When it moved to the dead-letter list. */
  readonly deadAt?: number;
}

export interface EnqueueOptions {
  /**
   * A job id that doubles as a dedupe key: while a job with this id is waiting, reserved or dead in
   * this queue, enqueue does nothing and returns `created: false`. Defaults to a random UUID.
   */
  id?: string;
  /** Do not deliver before this many milliseconds have passed. */
  delayMs?: number;
  /** Deliveries before the job moves to the dead-letter list; defaults to the retry policy's. */
  maxAttempts?: number;
  /**
   * Enqueue nothing (`created: false`) while the storage's key-value store holds a live entry under
   * this key, checked in the same step as the insert: e.g. the marker a worker leaves once a
   * delivery is handled, so a redelivery after its job was acked is not queued again, at the cost of
   * no extra read.
   */
  unlessKey?: string;
}

export interface EnqueueResult {
  readonly id: string;
  /** false when a job with this id already existed (nothing was enqueued). */
  readonly created: boolean;
}

export interface ReserveOptions {
  /** How long the job stays invisible to other workers; after it, the job is delivered again. */
  visibilityTimeoutMs: number;
  /** Recorded on the job, for inspection and logs. */
  workerId?: string;
}

export interface FailOptions {
  /** Retry after this delay instead of the retry policy's backoff. */
  retryInMs?: number;
  /** false sends the job straight to the dead-letter list (an error that retrying cannot fix). */
  retry?: boolean;
}

export type FailResult =
  | { readonly state: 'retrying'; readonly retryAt: number }
  | { readonly state: 'dead'; readonly deadAt: number };

export interface ListOptions {
  /** At most this many (default 100). */
  limit?: number;
  offset?: number;
}

export interface RequeueOptions {
  delayMs?: number;
}

export interface QueueStats {
  readonly waiting: number;
  readonly delayed: number;
  readonly reserved: number;
  readonly dead: number;
}

/**
 * A durable queue with at-least-once delivery. A reserved job is hidden for its visibility timeout;
 * if the worker dies without ack or fail it is delivered again afterwards, and a job whose attempts
 * are used up moves to the dead-letter list instead. Jobs that are ready are delivered oldest first.
 */
export interface JobQueue {
  /**
   * Store a job durably; resolves once it is committed. `payload` is any JSON-serialisable value,
   * or {@link rawJson} text stored as it is. Concurrent enqueues may be committed together.
   */
  enqueue(queue: string, payload: unknown, options?: EnqueueOptions): Promise<EnqueueResult>;
  /** Take the next ready job, or null when there is none. Two workers never hold the same job. */
  reserve<P = unknown>(queue: string, options: ReserveOptions): Promise<Job<P> | null>;
  /** The job is done: remove it. Throws ReservationLostError for a stale reservation. */
  ack(job: Job): Promise<void>;
  /**
   * The attempt failed: retry with exponential backoff and jitter, or move the job to the dead-letter
   * list once it has had maxAttempts deliveries. Throws ReservationLostError for a stale reservation.
   */
  fail(job: Job, error: unknown, options?: FailOptions): Promise<FailResult>;
  /** Keep the reservation for `visibilityTimeoutMs` from now (a heartbeat); returns the new reservedUntil. */
  extend(job: Job, visibilityTimeoutMs: number): Promise<number>;
  /** Inspect one job by id, whatever its state. */
  getJob<P = unknown>(queue: string, id: string): Promise<JobInfo<P> | undefined>;
  /** Dead letters, oldest first. */
  listDead<P = unknown>(queue: string, options?: ListOptions): Promise<JobInfo<P>[]>;
  /** Put a dead letter back in the queue with a fresh set of attempts; false when there is no such dead letter. */
  requeueDead(queue: string, id: string, options?: RequeueOptions): Promise<boolean>;
  /** Remove a dead letter for good; false when there is no such dead letter. */
  deleteDead(queue: string, id: string): Promise<boolean>;
  stats(queue: string): Promise<QueueStats>;
  close(): Promise<void>;
}
