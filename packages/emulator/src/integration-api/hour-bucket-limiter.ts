import { effectiveRateLimit } from '@omi-kit/schemas';
import type { Clock } from '../clock.js';
import { OmiHttpError } from '../http-error.js';

const HOUR_MS = 3_600_000;

export interface BucketVerdict {
  /** `X-RateLimit-Limit`, `-Remaining` and `-Reset` (epoch seconds), sent on every answer. */
  headers: Record<string, string>;
}

/**
 * Omi's notification limit: counted per app and user in clock-hour buckets, and unlike the
 * Developer API limits, reported on every answer with `X-RateLimit-*` headers (`Reset` in epoch
 * seconds). Refused attempts count, as they do in Omi's Redis counters.
 */
export class HourBucketLimiter {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly settings: () => { boost: number; shadowMode: boolean },
  ) {}

  hit(subject: string, baseLimit: number): BucketVerdict {
    const now = this.clock().getTime();
    const bucket = Math.floor(now / HOUR_MS);
    const key = `${subject}:${bucket}`;
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    const { boost, shadowMode } = this.settings();
    const limit = effectiveRateLimit(baseLimit, boost);
    const resetMs = (bucket + 1) * HOUR_MS;
    const headers = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - count)),
      'x-ratelimit-reset': String(Math.floor(resetMs / 1000)),
    };
    if (count > limit && !shadowMode) {
      const retryAfter = Math.max(1, Math.ceil((resetMs - now) / 1000));
      throw new OmiHttpError(429, `Rate limit exceeded. Maximum ${limit} notifications per hour.`, {
        ...headers,
        'retry-after': String(retryAfter),
      });
    }
    return { headers };
  }

  reset(): void {
    this.counts.clear();
  }
}
