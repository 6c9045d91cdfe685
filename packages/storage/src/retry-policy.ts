import { checkDuration, checkPositiveInteger } from './argument-checks.js';
import { StorageError } from './errors/storage-error.js';

/** How a failed job is retried: delay = baseDelayMs * factor^(attempt-1), capped, ± jitter. */
export interface RetryPolicy {
  /** Deliveries before a job is dead-lettered, unless enqueue says otherwise. */
  maxAttempts: number;
  baseDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** Spread as a fraction of the delay: 0.2 means ±20%, so retries of many jobs do not arrive together. */
  jitter: number;
}

/** 8 deliveries over about two minutes: 1s, 2s, 4s … 64s between them. */
export const defaultRetryPolicy: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 8,
  baseDelayMs: 1_000,
  factor: 2,
  maxDelayMs: 10 * 60_000,
  jitter: 0.2,
});

export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...defaultRetryPolicy, ...overrides };
  checkPositiveInteger(policy.maxAttempts, 'retry.maxAttempts');
  checkDuration(policy.baseDelayMs, 'retry.baseDelayMs');
  checkDuration(policy.maxDelayMs, 'retry.maxDelayMs');
  if (!(policy.factor >= 1) || !(policy.jitter >= 0 && policy.jitter <= 1)) {
    throw new StorageError(
      'ERR_STORAGE_INVALID_ARGUMENT',
      'retry.factor must be >= 1 and retry.jitter between 0 and 1.',
    );
  }
  return policy;
}

/** The delay before the next delivery after attempt number `failedAttempt` (1-based) failed. */
export function retryDelay(policy: RetryPolicy, failedAttempt: number, random: () => number): number {
  const exponential = Math.min(policy.baseDelayMs * policy.factor ** (failedAttempt - 1), policy.maxDelayMs);
  const spread = exponential * policy.jitter * (2 * random() - 1);
  return Math.round(Math.min(Math.max(exponential + spread, 0), policy.maxDelayMs));
}
