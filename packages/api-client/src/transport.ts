import type { z } from 'zod';
import { type BackoffOptions, fullJitterDelay } from './backoff.js';
import type { Clock } from './clock.js';
import { Deadlines } from './deadlines.js';
import { errorFromResponse } from './error-from-response.js';
import {
  OmiConnectionError,
  type OmiError,
  OmiRateLimitError,
  OmiTimeoutError,
  OmiUnavailableError,
} from './errors.js';
import { type CallInfo, emit, type OmiHooks } from './hooks.js';
import { classifyNetworkError, type NetworkFailure } from './network-error.js';
import { parseResponse } from './parse-response.js';
import { queryString } from './query-string.js';
import type { RateLimitCharge, RateLimiter, RateLimitTicket } from './rate-limiter.js';
import { type AttemptFailure, decideRetry } from './retry-policy.js';
import { VERSION } from './version.js';

/** Per-call options, accepted by every method as its last argument. */
export interface RequestOptions {
  /** Cancels the call, including rate-limit and retry waits; it rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Per attempt, in ms (rate-limit and retry waits are not counted). */
  timeoutMs?: number;
  maxRetries?: number;
  /**
   * Overrides the method's rule for retrying after the request may have reached Omi (timeouts,
   * dropped connections, 502/503/504). Only say `true` for a create if you deduplicate yourself.
   */
  idempotent?: boolean;
  /** False: when the allowance is spent, throw `OmiRateLimitError` (`local: true`) instead of waiting. */
  waitForRateLimit?: boolean;
  /** Extra headers (an `Authorization` here is ignored). */
  headers?: Record<string, string>;
}

export interface TransportOptions {
  baseUrl: string;
  authorization: string;
  /** Masked wherever they could appear in an error. */
  secrets: readonly string[];
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  maxRetries: number;
  backoff: BackoffOptions;
  limiter: RateLimiter;
  hooks: OmiHooks;
  clock: Clock;
  validateResponses: boolean;
  /** What a 401 message tells the user to do. */
  authHint: string;
  random?: () => number;
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One call, as the resource methods describe it. */
export interface Call<T> {
  operation: string;
  method: HttpMethod;
  /** Path with its parameters filled in and encoded. */
  path: string;
  query?: Record<string, unknown> | undefined;
  body?: unknown;
  charges: readonly RateLimitCharge[];
  /** Whether repeating the request after it may have reached Omi is harmless. */
  idempotent: boolean;
  /** Retry a 409 (from-segments still processing the same session id). */
  retryConflict?: boolean;
  /**
   * For deletes: a 404 after an earlier attempt that may have reached Omi means that attempt
   * deleted the item; answer this instead of throwing.
   */
  notFoundAfterRetryIs?: T;
  schema: z.ZodType<T> | null;
  /** Replaces the client's Authorization (key management takes a Firebase ID token). */
  authorization?: string;
  options?: RequestOptions | undefined;
}

export interface CallResult<T> {
  data: T;
  status: number;
  headers: Headers;
}

type Exchange =
  | { kind: 'response'; status: number; headers: Headers; text: string }
  | { kind: 'timeout' }
  | { kind: 'network'; failure: NetworkFailure; error: unknown };

const USER_AGENT = `omi-kit-api-client/${VERSION}`;

/**
 * Sends calls to Omi: paces them per rate-limit policy, times out each attempt, retries what is
 * safe to retry, turns non-2xx answers into typed errors and validates what comes back.
 */
export class Transport {
  readonly limiter: RateLimiter;
  private readonly o: TransportOptions;
  private readonly deadlines = new Deadlines();
  /** Shared by every call that adds nothing to them (fetch does not modify it). */
  private readonly baseHeaders: Readonly<Record<string, string>>;

  constructor(options: TransportOptions) {
    this.o = options;
    this.limiter = options.limiter;
    this.baseHeaders = Object.freeze({
      accept: 'application/json',
      'user-agent': USER_AGENT,
      authorization: options.authorization,
    });
  }

  get baseUrl(): string {
    return this.o.baseUrl;
  }

  now(): number {
    return this.o.clock.now();
  }

  async send<T>(call: Call<T>): Promise<CallResult<T>> {
    const o = call.options ?? {};
    const { hooks, clock } = this.o;
    const signal = o.signal;
    const maxRetries = o.maxRetries ?? this.o.maxRetries;
    const timeoutMs = o.timeoutMs ?? this.o.timeoutMs;
    const idempotent = o.idempotent ?? call.idempotent;
    const waitForRateLimit = o.waitForRateLimit ?? true;
    const info: CallInfo = { operation: call.operation, method: call.method, path: call.path };
    const url = this.o.baseUrl + call.path + queryString(call.query);
    const init = this.requestInit(call, o);
    let mayHaveActed = false;

    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      // The common case, allowance left, costs no await.
      const ticket =
        this.limiter.tryAcquire(call.charges).ticket ??
        (waitForRateLimit
          ? await this.limiter.acquire(call.charges, signal, (w) =>
              emit(hooks, 'onRateLimitWait', {
                ...info,
                policies: w.blocked,
                waitMs: w.waitMs,
                reason: w.reason,
              }),
            )
          : this.acquireNow(call, info));
      if (hooks.onRequest) emit(hooks, 'onRequest', { ...info, attempt });
      const started = hooks.onResponse ? performance.now() : 0;
      const exchange = await this.exchange(url, init, timeoutMs, signal);

      let error: OmiError;
      let failure: AttemptFailure;
      if (exchange.kind === 'response') {
        this.limiter.settle(ticket);
        const { status, headers, text } = exchange;
        if (hooks.onResponse) {
          emit(hooks, 'onResponse', { ...info, attempt, status, durationMs: performance.now() - started });
        }
        if (status >= 200 && status < 300) {
          const data = parseResponse(call.schema, info, status, text, this.o.validateResponses);
          return { data, status, headers };
        }
        error = errorFromResponse({
          status,
          headers,
          bodyText: text,
          request: info,
          secrets: call.authorization
            ? [...this.o.secrets, call.authorization.slice('Bearer '.length)]
            : this.o.secrets,
          nowMs: clock.now(),
          policies: call.charges.map((c) => c.policy),
          authHint: this.o.authHint,
        });
        if (error instanceof OmiRateLimitError) {
          this.limiter.onRateLimited(call.charges, {
            retryAfterMs: error.retryAfter === null ? null : error.retryAfter * 1000,
            limit: error.limit,
          });
        }
        if (status === 404 && mayHaveActed && call.notFoundAfterRetryIs !== undefined) {
          return { data: call.notFoundAfterRetryIs, status, headers };
        }
        failure = { kind: 'status', error };
      } else if (exchange.kind === 'timeout') {
        error = new OmiTimeoutError({
          code: 'timeout',
          request: info,
          message: `No answer from Omi within ${timeoutMs} ms (${info.method} ${info.path}). The request may have reached Omi.`,
        });
        failure = { kind: 'timeout' };
      } else {
        const { failure: net } = exchange;
        if (!net.requestSent) this.limiter.refund(ticket);
        error = new OmiConnectionError({
          code: 'connection_error',
          request: info,
          requestSent: net.requestSent,
          cause: exchange.error,
          message: net.requestSent
            ? `The connection to Omi dropped after the request was sent (${net.reason}); Omi may have acted on it.`
            : `Could not connect to Omi at ${this.o.baseUrl} (${net.reason}); nothing was sent.`,
        });
        failure = { kind: 'network', requestSent: net.requestSent, transient: net.transient };
      }

      const decision = decideRetry(failure, { idempotent, retryConflict: call.retryConflict ?? false });
      if (decision.mayHaveReachedServer) mayHaveActed = true;
      const rateLimited = error instanceof OmiRateLimitError;
      if (
        !decision.retry ||
        !decision.reason ||
        attempt >= maxRetries ||
        (rateLimited && !waitForRateLimit)
      ) {
        emit(hooks, 'onError', { ...info, attempts: attempt + 1, error });
        throw error;
      }
      const delayMs = this.retryDelay(error, attempt, call.charges.length > 0);
      emit(hooks, 'onRetry', {
        ...info,
        attempt,
        reason: decision.reason,
        delayMs,
        status: error.status,
        error,
      });
      if (delayMs > 0) await clock.sleep(delayMs, signal);
    }
  }

  /** Counts the call now, or throws a local 429 when its allowance is spent. */
  private acquireNow(call: Call<unknown>, info: CallInfo): RateLimitTicket {
    const result = this.limiter.tryAcquire(call.charges);
    if (result.ticket) return result.ticket;
    const retryAfter = Math.ceil(result.waitMs / 1000);
    throw new OmiRateLimitError({
      code: 'rate_limited',
      request: info,
      retryAfter,
      policies: result.blocked,
      local: true,
      message: `The allowance of ${result.blocked.join(' + ')} is spent for this window; nothing was sent. Try again in ${retryAfter} s.`,
    });
  }

  private retryDelay(error: OmiError, attempt: number, paced: boolean): number {
    // The limiter's pause already holds the next attempt until Retry-After has passed.
    if (error instanceof OmiRateLimitError) {
      if (paced) return 0;
      if (error.retryAfter !== null) return error.retryAfter * 1000;
    }
    if (error instanceof OmiUnavailableError && error.retryAfter !== null) return error.retryAfter * 1000;
    return fullJitterDelay(attempt, this.o.backoff, this.o.random);
  }

  private requestInit(call: Call<unknown>, o: RequestOptions): RequestInit {
    if (call.body === undefined && !o.headers && !call.authorization) {
      return { method: call.method, headers: this.baseHeaders };
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(o.headers ?? {})) {
      if (name.toLowerCase() !== 'authorization') headers[name] = value;
    }
    Object.assign(headers, this.baseHeaders);
    if (call.authorization) headers.authorization = call.authorization;
    const init: RequestInit = { method: call.method, headers };
    if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(call.body);
    }
    return init;
  }

  private async exchange(
    url: string,
    init: RequestInit,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<Exchange> {
    const controller = new AbortController();
    let timedOut = false;
    const deadline = this.deadlines.add(timeoutMs, () => {
      timedOut = true;
      controller.abort();
    });
    const onAbort = () => controller.abort(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await this.o.fetch(url, { ...init, signal: controller.signal });
      const text = await response.text();
      return { kind: 'response', status: response.status, headers: response.headers, text };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timedOut) return { kind: 'timeout' };
      return { kind: 'network', failure: classifyNetworkError(error), error };
    } finally {
      this.deadlines.delete(deadline);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
