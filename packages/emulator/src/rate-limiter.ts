import { effectiveRateLimit, RATE_LIMIT_WINDOW_SECONDS } from '@omi-kit/schemas';
import type { Clock } from './clock.js';
import { OmiHttpError } from './http-error.js';

export interface RateLimiterOptions {
  clock: Clock;
  /** Multiplies every base limit, like Omi's `RATE_LIMIT_BOOST` (default 1). */
  boost?: number;
  /** Count but never refuse, like Omi's `RATE_LIMIT_SHADOW_MODE`. */
  shadowMode?: boolean;
}

interface Window {
  count: number;
  resetAtMs: number;
}

/**
 * Omi's rate limiter: a fixed window per policy and subject (`INCR`, then `EXPIRE` on the first
 * hit). The count goes up before the check, so refused requests count too.
 */
export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, Window>();
  boost: number;
  shadowMode: boolean;

  constructor(private readonly options: RateLimiterOptions) {
    this.boost = options.boost ?? 1;
    this.shadowMode = options.shadowMode ?? false;
  }

  /** Counts one request; throws Omi's 429 when the window's allowance is spent. */
  hit(policy: string, subject: string, baseLimit: number): void {
    const now = this.options.clock().getTime();
    const key = `rl:${policy}:${subject}`;
    let window = this.windows.get(key);
    if (!window || window.resetAtMs <= now) {
      window = { count: 0, resetAtMs: now + RATE_LIMIT_WINDOW_SECONDS * 1000 };
      this.windows.set(key, window);
    }
    window.count += 1;
    const limit = effectiveRateLimit(baseLimit, this.boost);
    if (window.count <= limit || this.shadowMode) return;
    const retryAfter = Math.max(1, Math.ceil((window.resetAtMs - now) / 1000));
    throw new OmiHttpError(429, `Rate limit exceeded. Try again in ${retryAfter}s.`, {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': '0',
      'retry-after': String(retryAfter),
    });
  }

  reset(): void {
    this.windows.clear();
  }
}
