import type { OmiError } from './errors.js';
import type { RetryReason } from './retry-policy.js';

/** What every event names: the call, never its headers or query string. */
export interface CallInfo {
  /** The client's operation, e.g. `createMemory` or `integration.notify`. */
  operation: string;
  method: string;
  /** The path without the query string. */
  path: string;
}

export interface RequestEvent extends CallInfo {
  /** 0 for the first attempt. */
  attempt: number;
}

export interface ResponseEvent extends CallInfo {
  attempt: number;
  status: number;
  durationMs: number;
}

export interface RetryEvent extends CallInfo {
  /** The attempt that failed. */
  attempt: number;
  reason: RetryReason;
  /** How long the client waits before the next attempt (rate-limit pauses come on top). */
  delayMs: number;
  status: number | undefined;
  error: OmiError;
}

export interface RateLimitWaitEvent extends CallInfo {
  /** The policies without room. */
  policies: string[];
  waitMs: number;
  /** `window`: the hour's allowance is spent; `paused`: a 429's Retry-After is running. */
  reason: 'window' | 'paused';
}

export interface ErrorEvent extends CallInfo {
  attempts: number;
  error: OmiError | Error;
}

export interface WarningEvent extends CallInfo {
  code: string;
  message: string;
}

/**
 * Observers for logging and metrics. They run synchronously; what they throw is ignored, so a
 * broken logger never breaks a call. Payloads never hold the key, headers or query strings.
 */
export interface OmiHooks {
  onRequest?(event: RequestEvent): void;
  onResponse?(event: ResponseEvent): void;
  onRetry?(event: RetryEvent): void;
  onRateLimitWait?(event: RateLimitWaitEvent): void;
  onError?(event: ErrorEvent): void;
  /** Something was handled for you that you may want to know, e.g. `developer_memory_access_not_ready`. */
  onWarning?(event: WarningEvent): void;
}

export function emit<K extends keyof OmiHooks>(
  hooks: OmiHooks,
  name: K,
  event: Parameters<NonNullable<OmiHooks[K]>>[0],
): void {
  const hook = hooks[name] as ((e: typeof event) => void) | undefined;
  if (!hook) return;
  try {
    hook(event);
  } catch {
    // A hook is an observer: its failure must not change the call's outcome.
  }
}
