import type { Clock } from './clock.js';

/** One rate-limit counter a call is charged to: Omi's policy, and for app clients the user. */
export interface RateLimitCharge {
  policy: string;
  /** Counted separately per subject (the uid for Integration API limits, counted per app+user). */
  subject?: string;
}

export interface RateLimiterOptions {
  clock: Clock;
  /** Omi's window: one hour. */
  windowMs: number;
  /** Slack added after a window or a Retry-After, for latency and rounding. */
  marginMs: number;
  /** False: never wait ahead of time, only honour pauses after a 429. */
  pace: boolean;
  /** Requests per window for a policy; undefined means unknown, so never paced. */
  limitOf(policy: string): number | undefined;
}

/** What the limiter knows about one policy (and subject). */
export interface RateLimitStatus {
  policy: string;
  subject: string | undefined;
  limit: number | undefined;
  /** Requests counted in the open window. */
  used: number;
  /** When the open window surely ended on Omi's side too (null: no window open). */
  windowEndsAt: number | null;
  /** A 429 paused this policy until then. */
  pausedUntil: number | null;
}

/** Proof of one acquisition, to tell the limiter what became of the request. */
export interface RateLimitTicket {
  readonly at: number;
  readonly entries: readonly { key: string; window: number }[];
}

export interface AcquireResult {
  ticket?: RateLimitTicket;
  waitMs: number;
  reason: 'window' | 'paused';
  /** The policies that have no room. */
  blocked: string[];
}

interface PolicyState {
  policy: string;
  subject: string | undefined;
  limit: number | undefined;
  count: number;
  /** Increments with each window, so late news about an old window is ignored. */
  window: number;
  openedAt: number | null;
  closesAt: number;
  opener: RateLimitTicket | null;
  pausedUntil: number;
}

const WAKE = Symbol('rate-limit-state-changed');
const NONE: string[] = [];

/**
 * Client-side pacing for Omi's fixed one-hour windows. Omi opens a window on a policy's first
 * request and refuses the (limit+1)-th until it expires, so the fastest way through a long export
 * is to send a window's whole allowance at once and then wait for the next window: that is what
 * this does. It never spreads requests evenly, which would only make the export slower.
 *
 * The local window opens when the first request is sent; Omi's opens when that request arrives,
 * a little later, so a window is held closed until `marginMs` after its hour (extended to the
 * first response's arrival plus an hour when that came later). A 429 pauses every queued request
 * of its policy until `Retry-After` has passed, and wakes the queue if the pause moved.
 */
export class RateLimiter {
  private readonly states = new Map<string, PolicyState>();
  private readonly sleepers = new Set<AbortController>();

  constructor(private readonly options: RateLimiterOptions) {}

  private state(charge: RateLimitCharge): PolicyState {
    const key = charge.subject === undefined ? charge.policy : `${charge.policy}\u0000${charge.subject}`;
    let s = this.states.get(key);
    if (!s) {
      s = {
        policy: charge.policy,
        subject: charge.subject,
        limit: this.options.limitOf(charge.policy),
        count: 0,
        window: 0,
        openedAt: null,
        closesAt: 0,
        opener: null,
        pausedUntil: 0,
      };
      this.states.set(key, s);
    }
    return s;
  }

  private keyOf(charge: RateLimitCharge): string {
    return charge.subject === undefined ? charge.policy : `${charge.policy}\u0000${charge.subject}`;
  }

  /** Counts the call against every charge if all have room now; otherwise says how long to wait. */
  tryAcquire(charges: readonly RateLimitCharge[]): AcquireResult {
    const now = this.options.clock.now();
    const { windowMs, pace } = this.options;
    let waitMs = 0;
    let reason: 'window' | 'paused' = 'window';
    let blocked: string[] | undefined;
    for (const charge of charges) {
      const s = this.state(charge);
      let wait = 0;
      if (s.pausedUntil > now) {
        wait = s.pausedUntil - now;
        reason = 'paused';
      } else if (pace && s.limit !== undefined && s.openedAt !== null && now < s.closesAt) {
        // Past the hour but before the margin: Omi's window may still be open, and full.
        if (now >= s.openedAt + windowMs || s.count >= s.limit) wait = s.closesAt - now;
      }
      if (wait > 0) {
        blocked ??= [];
        blocked.push(charge.policy);
        waitMs = Math.max(waitMs, wait);
      }
    }
    if (blocked) return { waitMs, reason, blocked };
    const entries: { key: string; window: number }[] = [];
    const ticket: RateLimitTicket = { at: now, entries };
    for (const charge of charges) {
      const s = this.state(charge);
      if (s.openedAt === null || now >= s.closesAt) {
        s.window += 1;
        s.openedAt = now;
        s.closesAt = now + windowMs + this.options.marginMs;
        s.count = 0;
        s.opener = ticket;
      }
      s.count += 1;
      entries.push({ key: this.keyOf(charge), window: s.window });
    }
    return { ticket, waitMs: 0, reason, blocked: NONE };
  }

  /** Waits until every charge has room, then counts the call. Rejects with `signal.reason` on abort. */
  async acquire(
    charges: readonly RateLimitCharge[],
    signal?: AbortSignal,
    onWait?: (wait: AcquireResult) => void,
  ): Promise<RateLimitTicket> {
    for (;;) {
      const result = this.tryAcquire(charges);
      if (result.ticket) return result.ticket;
      onWait?.(result);
      await this.sleep(result.waitMs, signal);
    }
  }

  /**
   * Omi answered the request: it arrived no later than now, so the window it opened on Omi's side
   * ends no later than now plus an hour.
   */
  settle(ticket: RateLimitTicket): void {
    const now = this.options.clock.now();
    for (const { key, window } of ticket.entries) {
      const s = this.states.get(key);
      if (s && s.window === window && s.opener === ticket) {
        s.closesAt = Math.max(s.closesAt, now + this.options.windowMs + this.options.marginMs);
      }
    }
  }

  /** The request never left (connection refused): Omi did not count it, so neither do we. */
  refund(ticket: RateLimitTicket): void {
    for (const { key, window } of ticket.entries) {
      const s = this.states.get(key);
      if (!s || s.window !== window) continue;
      s.count = Math.max(0, s.count - 1);
      if (s.opener === ticket && s.count === 0) s.openedAt = null;
    }
    this.wake();
  }

  /**
   * Omi answered 429. Pauses the policy that refused (found from `X-RateLimit-Limit` when the call
   * was charged to several) until `Retry-After` has passed, and adopts Omi's limit when it is known.
   */
  onRateLimited(
    charges: readonly RateLimitCharge[],
    info: { retryAfterMs: number | null; limit: number | null },
  ): string[] {
    const now = this.options.clock.now();
    let culprits = charges;
    if (info.limit !== null && charges.length > 1) {
      const matching = charges.filter((c) => this.state(c).limit === info.limit);
      if (matching.length > 0) culprits = matching;
    }
    for (const charge of culprits) {
      const s = this.state(charge);
      const untilWindowEnd = s.openedAt !== null && s.closesAt > now ? s.closesAt - now : 60_000;
      const pause = (info.retryAfterMs ?? untilWindowEnd) + this.options.marginMs;
      s.pausedUntil = Math.max(s.pausedUntil, now + pause);
      // Omi's window ends with the pause; the next request opens a new one, and news about
      // requests of the old window (their answers, refunds) no longer applies.
      s.window += 1;
      s.opener = null;
      s.openedAt = null;
      s.count = 0;
      if (info.limit !== null && culprits.length === 1) s.limit = info.limit;
    }
    this.wake();
    return culprits.map((c) => c.policy);
  }

  /** Omi told the state of a window (`X-RateLimit-*` headers on notifications). */
  sync(charge: RateLimitCharge, info: { limit: number; remaining: number; resetAtMs: number }): void {
    const s = this.state(charge);
    s.limit = info.limit;
    s.window += 1;
    s.opener = null;
    s.count = Math.max(0, info.limit - info.remaining);
    s.openedAt = info.resetAtMs - this.options.windowMs;
    s.closesAt = info.resetAtMs + this.options.marginMs;
    this.wake();
  }

  status(): RateLimitStatus[] {
    const now = this.options.clock.now();
    return [...this.states.values()].map((s) => {
      const open = s.openedAt !== null && now < s.closesAt;
      return {
        policy: s.policy,
        subject: s.subject,
        limit: s.limit,
        used: open ? s.count : 0,
        windowEndsAt: open ? s.closesAt : null,
        pausedUntil: s.pausedUntil > now ? s.pausedUntil : null,
      };
    });
  }

  private wake(): void {
    for (const sleeper of this.sleepers) sleeper.abort(WAKE);
  }

  private async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    const sleeper = new AbortController();
    const onAbort = () => sleeper.abort(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    this.sleepers.add(sleeper);
    try {
      await this.options.clock.sleep(ms, sleeper.signal);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error !== WAKE) throw error;
    } finally {
      this.sleepers.delete(sleeper);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
