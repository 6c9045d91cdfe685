import { checkDuration } from './argument-checks.js';
import { type Clock, systemClock } from './clock.js';
import type { Logger } from './logger.js';
import { type RetryPolicy, resolveRetryPolicy } from './retry-policy.js';

/** Options every adapter takes. */
export interface StorageOptions {
  /** Defaults to the system clock; inject a manual clock in tests. */
  clock?: Clock;
  /** Defaults to console. */
  logger?: Logger;
  /** Overrides of the job queue's retry policy. */
  retry?: Partial<RetryPolicy>;
  /** The jitter's random source, in [0, 1); defaults to Math.random. */
  random?: () => number;
  /** How often expired key-value entries are purged (default 60 000 ms); 0 turns it off. */
  sweepIntervalMs?: number;
}

export interface ResolvedStorageOptions {
  clock: Clock;
  logger: Logger;
  policy: RetryPolicy;
  random: () => number;
  sweepIntervalMs: number;
}

export function resolveStorageOptions(options: StorageOptions): ResolvedStorageOptions {
  return {
    clock: options.clock ?? systemClock,
    logger: options.logger ?? console,
    policy: resolveRetryPolicy(options.retry),
    random: options.random ?? Math.random,
    sweepIntervalMs:
      options.sweepIntervalMs === undefined
        ? 60_000
        : checkDuration(options.sweepIntervalMs, 'sweepIntervalMs'),
  };
}
