import {
  type DeveloperRateLimitPolicy,
  developerRateLimitPolicies,
  effectiveRateLimit,
  type IntegrationRateLimitPolicy,
  integrationRateLimitPolicies,
  RATE_LIMIT_WINDOW_SECONDS,
} from '@omi-kit/schemas';
import type { Clock } from './clock.js';
import { OmiConfigError } from './errors.js';
import { RateLimiter } from './rate-limiter.js';

export type RateLimitPolicy = DeveloperRateLimitPolicy | IntegrationRateLimitPolicy;

export interface RateLimitOptions {
  /**
   * Multiplies Omi's base limits, as the operator's `RATE_LIMIT_BOOST` does on the server
   * (default 1: the reference's base limits, which is what a self-hosted Omi or the emulator runs).
   */
  boost?: number;
  /** Requests per hour for some policies, replacing base x boost. */
  limits?: Partial<Record<RateLimitPolicy, number>>;
  /** False: send at once and only honour 429s (default true: pace ahead of time). */
  pace?: boolean;
  /** Window length, default Omi's one hour. */
  windowMs?: number;
  /** Slack after a window or a `Retry-After`, default 1000 ms. */
  marginMs?: number;
}

const BASE_LIMITS: Record<string, number> = {
  ...developerRateLimitPolicies,
  ...integrationRateLimitPolicies,
};

/** Builds the limiter for `rateLimits` (an options object, or `false` for no pacing). */
export function createRateLimiter(options: RateLimitOptions | false | undefined, clock: Clock): RateLimiter {
  const o: RateLimitOptions = options === false ? { pace: false } : (options ?? {});
  const boost = o.boost ?? 1;
  if (!(boost > 0) || !Number.isFinite(boost)) {
    throw new OmiConfigError({
      code: 'invalid_config',
      message: `rateLimits.boost must be a positive number (got ${String(o.boost)}).`,
    });
  }
  for (const [policy, limit] of Object.entries(o.limits ?? {})) {
    if (!(Number.isInteger(limit) && (limit as number) > 0)) {
      throw new OmiConfigError({
        code: 'invalid_config',
        message: `rateLimits.limits["${policy}"] must be a positive integer (got ${String(limit)}).`,
      });
    }
  }
  const overrides = o.limits as Record<string, number> | undefined;
  return new RateLimiter({
    clock,
    windowMs: o.windowMs ?? RATE_LIMIT_WINDOW_SECONDS * 1000,
    marginMs: o.marginMs ?? 1000,
    pace: o.pace ?? true,
    limitOf: (policy) => {
      const override = overrides?.[policy];
      if (override !== undefined) return override;
      const base = BASE_LIMITS[policy];
      return base === undefined ? undefined : effectiveRateLimit(base, boost);
    },
  });
}
