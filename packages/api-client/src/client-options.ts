import type { Clock } from './clock.js';
import type { OmiHooks } from './hooks.js';
import type { RateLimitOptions } from './rate-limit-options.js';

/** Options both clients take. */
export interface CommonClientOptions {
  /** Default `process.env.OMI_API_BASE_URL`, else `https://api.omi.me`. Plain http only to loopback. */
  baseUrl?: string;
  /** Default the global `fetch` (Node 20+). */
  fetch?: typeof globalThis.fetch;
  /** Per attempt, default 60 000 ms (Omi runs its LLM pipeline inside conversation creates). */
  timeoutMs?: number;
  /** Retries after the first attempt, for failures that are safe to retry. Default 3. */
  maxRetries?: number;
  /** Full-jitter backoff: first ceiling `baseMs` (default 500), doubling up to `capMs` (default 30 000). */
  retryBackoff?: { baseMs?: number; capMs?: number };
  /** Pacing per Omi rate-limit policy; `false` to only react to 429s. */
  rateLimits?: RateLimitOptions | false;
  /** Observers for logging and metrics. */
  hooks?: OmiHooks;
  /** Validate responses against the schemas (default true). */
  validateResponses?: boolean;
  /** Injected time, for tests and simulations. */
  clock?: Clock;
  /** Random source for backoff jitter (tests make it deterministic). */
  random?: () => number;
}

/** An environment variable, when there is an environment. */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name];
  return value === '' ? undefined : value;
}
