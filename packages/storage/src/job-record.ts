import type { Job, JobInfo, JobState } from './job-queue.js';
import { fromJson } from './json-value.js';

/** How every adapter keeps a job: one row (SQLite) or one map entry (memory). */
export interface JobRecord {
  /** Insertion order, the tie-breaker that keeps ready jobs first-in first-out. */
  seq: number;
  queue: string;
  id: string;
  /** JSON text, or UTF-8 bytes (a payload enqueued as rawJson bytes; a BLOB in SQLite). */
  payload: string | Buffer;
  state: 'queued' | 'reserved' | 'dead';
  attempts: number;
  maxAttempts: number;
  /** queued: when it becomes ready; reserved: when the reservation runs out. */
  availableAt: number;
  enqueuedAt: number;
  token: string | null;
  workerId: string | null;
  lastError: string | null;
  deadAt: number | null;
}

export function toJob<P>(record: JobRecord): Job<P> {
  return {
    queue: record.queue,
    id: record.id,
    payload: fromJson<P>(record.payload),
    attempt: record.attempts,
    maxAttempts: record.maxAttempts,
    enqueuedAt: record.enqueuedAt,
    reservedUntil: record.availableAt,
    token: record.token ?? '',
    ...(record.workerId !== null && { workerId: record.workerId }),
    ...(record.lastError !== null && { lastError: record.lastError }),
  };
}

/** The state as the outside sees it at `now`: a reservation that ran out is waiting again. */
export function jobStateAt(record: JobRecord, now: number): JobState {
  if (record.state === 'dead') return 'dead';
  if (record.availableAt <= now) return 'waiting';
  return record.state === 'reserved' ? 'reserved' : 'delayed';
}

export function toJobInfo<P>(record: JobRecord, now: number): JobInfo<P> {
  return {
    queue: record.queue,
    id: record.id,
    payload: fromJson<P>(record.payload),
    state: jobStateAt(record, now),
    attempts: record.attempts,
    maxAttempts: record.maxAttempts,
    enqueuedAt: record.enqueuedAt,
    availableAt: record.availableAt,
    ...(record.lastError !== null && { lastError: record.lastError }),
    ...(record.workerId !== null && { workerId: record.workerId }),
    ...(record.deadAt !== null && { deadAt: record.deadAt }),
  };
}
