import type { Clock } from './clock.js';

/** A clock that moves only when told to, for deterministic tests of TTLs, delays and timeouts. */
export interface ManualClock extends Clock {
  /** Move the clock forward by `ms` and return the new time. */
  advance(ms: number): number;
  /** Jump to an absolute time (ms since the epoch). */
  set(time: number): void;
}

export function createManualClock(start = Date.UTC(2025, 0, 1)): ManualClock {
  let time = start;
  return {
    now: () => time,
    advance(ms) {
      time += ms;
      return time;
    },
    set(next) {
      time = next;
    },
  };
}
