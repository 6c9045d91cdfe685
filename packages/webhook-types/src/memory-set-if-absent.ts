import type { SetIfAbsent } from './replay-guard.js';

export interface MemorySetIfAbsentOptions {
  /** The clock, in milliseconds. Default `Date.now`. */
  now?: () => number;
}

/**
 * A {@link SetIfAbsent} backed by a `Map`. For development and single-instance apps only: it forgets
 * everything on restart and is not shared between instances; use a shared store (Redis, SQL) otherwise.
 */
export function memorySetIfAbsent(options: MemorySetIfAbsentOptions = {}): SetIfAbsent {
  const now = options.now ?? Date.now;
  const expiries = new Map<string, number>();
  let nextSweep = 0;
  return (key, ttlSec) => {
    const at = now();
    if (at >= nextSweep) {
      for (const [stored, expiry] of expiries) if (expiry <= at) expiries.delete(stored);
      nextSweep = at + 60_000;
    }
    const expiry = expiries.get(key);
    if (expiry !== undefined && expiry > at) return false;
    expiries.set(key, at + ttlSec * 1000);
    return true;
  };
}
