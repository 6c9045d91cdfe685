import type { Clock } from './clock.js';

interface Timer {
  at: number;
  seq: number;
  resolve(): void;
  cleanup(): void;
}

/**
 * A clock whose time moves only when told to, so an hour of rate-limit waits runs in
 * milliseconds. `advance(ms)` moves it by hand; `autoAdvance()` jumps to the next timer whenever
 * nothing else can happen, that is when no request made through `trackFetch` is in flight.
 * Pass it as the client's `clock` (and `() => clock.date()` as the emulator's).
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];
  #inflight = 0;

  constructor(startMs = Date.UTC(2026, 0, 1, 9, 0, 0)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  date(): Date {
    return new Date(this.#now);
  }

  /** Timers waiting to fire. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Requests in flight through `trackFetch`. */
  get inflight(): number {
    return this.#inflight;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        this.#timers = this.#timers.filter((t) => t !== timer);
        reject(signal!.reason);
      };
      const timer: Timer = {
        at: this.#now + Math.max(0, ms),
        seq: this.#seq++,
        resolve,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      let i = this.#timers.length;
      while (i > 0 && this.#timers[i - 1]!.at > timer.at) i--;
      this.#timers.splice(i, 0, timer);
    });
  }

  /** Fires every timer due at the earliest pending time; false when none is pending. */
  #fireNext(limit = Number.POSITIVE_INFINITY): boolean {
    const first = this.#timers[0];
    if (!first || first.at > limit) return false;
    this.#now = Math.max(this.#now, first.at);
    while (this.#timers[0] && this.#timers[0].at <= this.#now) {
      const t = this.#timers.shift()!;
      t.cleanup();
      t.resolve();
    }
    return true;
  }

  /** Moves time forward by `ms`, firing timers in order and letting woken code run between them. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    while (this.#fireNext(target)) await new Promise((r) => setImmediate(r));
    this.#now = Math.max(this.#now, target);
  }

  /** Jumps to the next timer whenever no tracked request is in flight; returns a stop function. */
  autoAdvance(): () => void {
    let stopped = false;
    let idle = 0;
    const tick = () => {
      if (stopped) return;
      if (this.#inflight === 0 && this.#timers.length > 0) {
        // Two quiet turns of the event loop: woken code has had its chance to start a request.
        if (++idle >= 2) {
          idle = 0;
          this.#fireNext();
        }
      } else idle = 0;
      setImmediate(tick);
    };
    setImmediate(tick);
    return () => {
      stopped = true;
    };
  }

  /** Wraps fetch so `autoAdvance` knows when a request is in flight (the body is read inside). */
  trackFetch(inner: typeof globalThis.fetch = globalThis.fetch): typeof globalThis.fetch {
    return async (input, init) => {
      this.#inflight++;
      try {
        const response = await inner(input, init);
        const body = await response.arrayBuffer();
        return new Response(body.byteLength > 0 ? body : null, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      } finally {
        this.#inflight--;
      }
    };
  }
}
