export interface BackoffOptions {
  /** First ceiling, doubled each attempt. */
  baseMs: number;
  /** The ceiling never grows past this. */
  capMs: number;
}

/**
 * Exponential backoff with full jitter (AWS): a uniform delay in `[0, min(cap, base * 2^attempt))`.
 * Spreading retries over the whole range is what keeps many clients from retrying in step.
 */
export function fullJitterDelay(attempt: number, options: BackoffOptions, random = Math.random): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}
