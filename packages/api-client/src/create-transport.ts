import { checkBaseUrl, DEFAULT_BASE_URL } from './base-url.js';
import { type CommonClientOptions, readEnv } from './client-options.js';
import { systemClock } from './clock.js';
import { OmiConfigError } from './errors.js';
import { createRateLimiter } from './rate-limit-options.js';
import { Transport } from './transport.js';

function positive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new OmiConfigError({
      code: 'invalid_config',
      message: `${name} must be a ${allowZero ? 'non-negative' : 'positive'} number (got ${String(value)}).`,
    });
  }
  return value;
}

/** The transport both clients build from their options. */
export function createTransport(
  options: CommonClientOptions,
  auth: { key: string; authHint: string },
): Transport {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new OmiConfigError({
      code: 'invalid_config',
      message: 'No fetch available: use Node 20 or newer, or pass the fetch option.',
    });
  }
  const clock = options.clock ?? systemClock;
  return new Transport({
    baseUrl: checkBaseUrl(options.baseUrl ?? readEnv('OMI_API_BASE_URL') ?? DEFAULT_BASE_URL),
    authorization: `Bearer ${auth.key}`,
    secrets: [auth.key],
    fetch: fetchImpl,
    timeoutMs: positive('timeoutMs', options.timeoutMs, 60_000),
    maxRetries: Math.floor(positive('maxRetries', options.maxRetries, 3, true)),
    backoff: {
      baseMs: positive('retryBackoff.baseMs', options.retryBackoff?.baseMs, 500, true),
      capMs: positive('retryBackoff.capMs', options.retryBackoff?.capMs, 30_000, true),
    },
    limiter: createRateLimiter(options.rateLimits, clock),
    hooks: options.hooks ?? {},
    clock,
    validateResponses: options.validateResponses ?? true,
    authHint: auth.authHint,
    ...(options.random ? { random: options.random } : {}),
  });
}
