import { randomUUID } from 'node:crypto';
import { checkCount, checkDuration, checkName, checkPositiveInteger } from './argument-checks.js';
import type { EnqueueOptions, FailResult, Job, ListOptions } from './job-queue.js';
import type { JobRecord } from './job-record.js';
import { toStoredJson } from './json-value.js';
import { type RetryPolicy, retryDelay } from './retry-policy.js';

// The state changes of a job, as pure functions over a record, so that the memory and SQLite
// adapters cannot drift apart: each only finds the record and writes back what these return.

/** A new record from enqueue's arguments, checked the same way for every adapter (seq is the adapter's). */
export function createRecord(
  queue: string,
  payload: unknown,
  options: EnqueueOptions,
  policy: RetryPolicy,
  now: number,
): Omit<JobRecord, 'seq'> {
  return {
    queue: checkName(queue, 'queue'),
    id: options.id === undefined ? randomUUID() : checkName(options.id, 'id'),
    payload: toStoredJson(payload, 'payload'),
    state: 'queued',
    attempts: 0,
    maxAttempts:
      options.maxAttempts === undefined
        ? policy.maxAttempts
        : checkPositiveInteger(options.maxAttempts, 'maxAttempts'),
    availableAt: now + (options.delayMs === undefined ? 0 : checkDuration(options.delayMs, 'delayMs')),
    enqueuedAt: now,
    token: null,
    workerId: null,
    lastError: null,
    deadAt: null,
  };
}

export function pageOf(options: ListOptions = {}): { limit: number; offset: number } {
  const limit = options.limit === undefined ? 100 : checkPositiveInteger(options.limit, 'limit');
  const offset = options.offset === undefined ? 0 : checkCount(options.offset, 'offset');
  return { limit, offset };
}

export function isReservable(record: JobRecord, now: number): boolean {
  return record.state !== 'dead' && record.availableAt <= now;
}

/** True when `job` still holds the record's reservation (a later reserve changes the token). */
export function holdsReservation(record: JobRecord | undefined, job: Job): record is JobRecord {
  return record !== undefined && record.state === 'reserved' && record.token === job.token;
}

export interface Reservation {
  now: number;
  visibilityTimeoutMs: number;
  workerId: string | undefined;
  token: string;
}

/**
 * Deliver a reservable record. A record still marked reserved had a worker that neither acked nor
 * failed in time (it probably died): that delivery counts as an attempt, and when it was the last
 * one the job is dead-lettered instead, so a job that crashes its worker cannot loop forever.
 */
export function reserveRecord(record: JobRecord, reservation: Reservation): JobRecord {
  const { now, visibilityTimeoutMs, workerId, token } = reservation;
  const lastError =
    record.state === 'reserved'
      ? `attempt ${record.attempts} was neither acked nor failed before its visibility timeout` +
        (record.workerId ? ` (worker ${record.workerId})` : '')
      : record.lastError;
  if (record.state === 'reserved' && record.attempts >= record.maxAttempts) {
    return { ...record, state: 'dead', token: null, availableAt: now, deadAt: now, lastError };
  }
  return {
    ...record,
    state: 'reserved',
    attempts: record.attempts + 1,
    availableAt: now + visibilityTimeoutMs,
    token,
    workerId: workerId ?? null,
    lastError,
  };
}

export interface Failure {
  now: number;
  error: string;
  retryInMs: number | undefined;
  retry: boolean;
  policy: RetryPolicy;
  random: () => number;
}

export function failRecord(record: JobRecord, failure: Failure): JobRecord {
  const { now, error, retryInMs, retry, policy, random } = failure;
  if (!retry || record.attempts >= record.maxAttempts) {
    return { ...record, state: 'dead', token: null, availableAt: now, deadAt: now, lastError: error };
  }
  const delay = retryInMs ?? retryDelay(policy, record.attempts, random);
  return { ...record, state: 'queued', token: null, availableAt: now + delay, lastError: error };
}

export function failResult(record: JobRecord): FailResult {
  return record.state === 'dead'
    ? { state: 'dead', deadAt: record.deadAt ?? record.availableAt }
    : { state: 'retrying', retryAt: record.availableAt };
}

/** A dead letter back in the queue with a fresh set of attempts; its last error is kept for history. */
export function requeueRecord(record: JobRecord, now: number, delayMs: number): JobRecord {
  return { ...record, state: 'queued', attempts: 0, token: null, availableAt: now + delayMs, deadAt: null };
}

export function extendRecord(record: JobRecord, now: number, visibilityTimeoutMs: number): JobRecord {
  return { ...record, availableAt: now + visibilityTimeoutMs };
}

/** Ready jobs go oldest-available first, then in insertion order. */
export function compareReadiness(a: JobRecord, b: JobRecord): number {
  return a.availableAt - b.availableAt || a.seq - b.seq;
}
