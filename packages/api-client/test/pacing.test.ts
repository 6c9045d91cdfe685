import { createOmiClient, type ResponseEvent } from '@omi-kit/api-client';
import { VirtualClock } from '@omi-kit/api-client/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/rate-limiter.js';
import { startEmulator } from './helpers/emulator.js';

const HOUR = 3_600_000;
const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function limiter(clock: VirtualClock, limits: Record<string, number>, marginMs = 1000) {
  return new RateLimiter({ clock, windowMs: HOUR, marginMs, pace: true, limitOf: (p) => limits[p] });
}

describe('the rate limiter (Omi fixed hourly windows)', () => {
  it("lets a window's whole allowance through at once, then waits for the next window", () => {
    const clock = new VirtualClock();
    const l = limiter(clock, { 'dev:memories': 120 });
    for (let i = 0; i < 120; i++) expect(l.tryAcquire([{ policy: 'dev:memories' }]).ticket).toBeDefined();
    const blocked = l.tryAcquire([{ policy: 'dev:memories' }]);
    expect(blocked.ticket).toBeUndefined();
    expect(blocked.waitMs).toBe(HOUR + 1000);
    expect(blocked.blocked).toEqual(['dev:memories']);
  });

  it('never spaces requests evenly: no wait at all while allowance remains', async () => {
    const clock = new VirtualClock();
    const l = limiter(clock, { 'dev:ask': 25 });
    const start = clock.now();
    for (let i = 0; i < 25; i++) await l.acquire([{ policy: 'dev:ask' }]);
    expect(clock.now()).toBe(start);
  });

  it('holds a window closed until an hour after the first response arrived, plus the margin', () => {
    const clock = new VirtualClock();
    const l = limiter(clock, { p: 2 });
    const first = l.tryAcquire([{ policy: 'p' }]).ticket!;
    clock.advance(5000); // a slow first answer: Omi's window may have opened up to now
    l.settle(first);
    l.tryAcquire([{ policy: 'p' }]);
    expect(l.tryAcquire([{ policy: 'p' }]).waitMs).toBe(HOUR + 1000);
  });

  it('after the hour, waits out the margin before opening a new window (Omi may still count the old one)', async () => {
    const clock = new VirtualClock();
    const l = limiter(clock, { p: 10 });
    l.tryAcquire([{ policy: 'p' }]);
    await clock.advance(HOUR + 200);
    expect(l.tryAcquire([{ policy: 'p' }]).waitMs).toBe(800);
    await clock.advance(800);
    expect(l.tryAcquire([{ policy: 'p' }]).ticket).toBeDefined();
    expect(l.status()[0]).toMatchObject({ policy: 'p', used: 1, limit: 10 });
  });

  it('charges several policies at once (list with transcripts) and waits for the fullest', () => {
    const clock = new VirtualClock();
    const l = limiter(clock, { list: 60, transcript: 2 });
    const both = [{ policy: 'list' }, { policy: 'transcript' }];
    l.tryAcquire(both);
    l.tryAcquire(both);
    const r = l.tryAcquire(both);
    expect(r.blocked).toEqual(['transcript']);
    expect(l.tryAcquire([{ policy: 'list' }]).ticket).toBeDefined();
  });

  it('a 429 pauses the policy for Retry-After, wakes the queue, and the queue resumes then', async () => {
    const clock = new VirtualClock();
    stops.push(clock.autoAdvance());
    const l = limiter(clock, { p: 1 });
    l.tryAcquire([{ policy: 'p' }]);
    const t0 = clock.now();
    // This one would wait for the window (an hour)...
    const queued = l.acquire([{ policy: 'p' }]).then(() => clock.now() - t0);
    await new Promise((r) => setImmediate(r));
    // ...until Omi says its window ends in 100 s.
    const culprits = l.onRateLimited([{ policy: 'p' }], { retryAfterMs: 100_000, limit: 1 });
    expect(culprits).toEqual(['p']);
    expect(await queued).toBe(101_000);
  });

  it("finds which policy refused from X-RateLimit-Limit, and adopts Omi's limit", () => {
    const clock = new VirtualClock();
    const l = limiter(clock, { 'dev:conversations_read': 60, 'dev:conversation_transcript_read': 25 });
    const both = [{ policy: 'dev:conversations_read' }, { policy: 'dev:conversation_transcript_read' }];
    expect(l.onRateLimited(both, { retryAfterMs: 10_000, limit: 25 })).toEqual([
      'dev:conversation_transcript_read',
    ]);
    expect(l.tryAcquire([{ policy: 'dev:conversations_read' }]).ticket).toBeDefined();
    const single = limiter(clock, { 'dev:memories': 12_000 });
    single.onRateLimited([{ policy: 'dev:memories' }], { retryAfterMs: 0, limit: 120 });
    expect(single.status()[0]?.limit).toBe(120);
  });

  it('a request that never left (connection refused) is refunded', () => {
    const clock = new VirtualClock();
    const l = limiter(clock, { p: 1 });
    const t = l.tryAcquire([{ policy: 'p' }]).ticket!;
    l.refund(t);
    expect(l.tryAcquire([{ policy: 'p' }]).ticket).toBeDefined();
  });

  it('keeps per-subject windows (Integration API limits are per app and user)', () => {
    const clock = new VirtualClock();
    const l = limiter(clock, { 'integration:notifications': 1 });
    expect(l.tryAcquire([{ policy: 'integration:notifications', subject: 'alice' }]).ticket).toBeDefined();
    expect(l.tryAcquire([{ policy: 'integration:notifications', subject: 'bob' }]).ticket).toBeDefined();
    expect(l.tryAcquire([{ policy: 'integration:notifications', subject: 'alice' }]).ticket).toBeUndefined();
  });

  it('follows a window Omi describes in headers', () => {
    const clock = new VirtualClock();
    const l = limiter(clock, { n: 10 });
    l.sync({ policy: 'n' }, { limit: 10, remaining: 0, resetAtMs: clock.now() + 600_000 });
    expect(l.tryAcquire([{ policy: 'n' }]).waitMs).toBe(601_000);
  });
});

describe('a long export against the emulator under base limits (virtual time)', () => {
  it('finishes without a single 429, at full speed within each window', async () => {
    const clock = new VirtualClock();
    stops.push(clock.autoAdvance());
    const omi = await startEmulator({ clock: () => clock.date(), seed: false });
    try {
      const uid = omi.emulator.state.defaultUid;
      omi.emulator.state.memories.createMany(
        uid,
        Array.from({ length: 300 }, (_, i) => ({
          content: `Exported memory number ${i}`,
          category: 'interesting' as const,
          visibility: 'private',
          tags: [],
          manuallyAdded: true,
          now: clock.date(),
        })),
      );
      const responses: ResponseEvent[] = [];
      const sentAt: number[] = [];
      const client = createOmiClient({
        apiKey: omi.key,
        baseUrl: omi.baseUrl,
        clock,
        fetch: clock.trackFetch(),
        hooks: {
          onResponse: (e) => responses.push(e),
          onRequest: () => sentAt.push(clock.now()),
        },
      });
      const start = clock.now();
      // One memory per page: 301 requests against dev:memories_read's 120 per hour.
      const all = await client.memories.listAll({ pageSize: 1 }).toArray();
      expect(all).toHaveLength(300);
      expect(responses).toHaveLength(301);
      expect(responses.filter((r) => r.status === 429)).toHaveLength(0);
      // Full speed inside each window, a wait only between windows.
      // Virtual time stands still while requests run, so each window's requests share one instant.
      const perInstant = new Map<number, number>();
      for (const t of sentAt) perInstant.set(t - start, (perInstant.get(t - start) ?? 0) + 1);
      const instants = [...perInstant.entries()];
      expect(instants.map(([, n]) => n)).toEqual([120, 120, 61]);
      expect(instants[0]![0]).toBe(0);
      // The next window opens right after Omi's has closed: an hour plus the 1 s margin.
      expect(instants[1]![0]).toBe(HOUR + 1000);
      const elapsed = clock.now() - start;
      expect(elapsed).toBeGreaterThan(2 * HOUR);
      expect(elapsed).toBeLessThan(2 * HOUR + 10_000);
    } finally {
      await omi.close();
    }
  });
});
