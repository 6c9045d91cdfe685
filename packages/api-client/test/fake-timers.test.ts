import { createOmiClient, type RetryEvent } from '@omi-kit/api-client';
import { afterEach, describe, expect, it, vi } from 'vitest';

const KEY = `omi_dev_${'5'.repeat(32)}`;
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

afterEach(() => vi.useRealTimers());

describe('with vitest fake timers and the default clock', () => {
  it('waits out an hour-long Retry-After without waiting an hour', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    const answers = [
      json(429, { detail: 'Rate limit exceeded. Try again in 3600s.' }, { 'retry-after': '3600' }),
    ];
    const sent: number[] = [];
    const retries: RetryEvent[] = [];
    const client = createOmiClient({
      apiKey: KEY,
      baseUrl: 'http://127.0.0.1:9',
      hooks: { onRetry: (e) => retries.push(e) },
      fetch: async () => {
        sent.push(Date.now());
        return answers.shift() ?? json(200, []);
      },
    });
    const pending = client.goals.list();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(sent).toHaveLength(1); // Retry-After plus the margin has not passed yet
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(pending).resolves.toEqual([]);
    expect(sent).toHaveLength(2);
    expect(sent[1]! - sent[0]!).toBe(3_601_000);
    expect(retries[0]).toMatchObject({ reason: 'rate_limited', status: 429 });
  });

  it('backs off with full jitter between 503 retries', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    const sent: number[] = [];
    const client = createOmiClient({
      apiKey: KEY,
      baseUrl: 'http://127.0.0.1:9',
      random: () => 0.5,
      retryBackoff: { baseMs: 1000, capMs: 60_000 },
      fetch: async () => {
        sent.push(Date.now());
        return sent.length < 4 ? json(503, { detail: 'Rate limiter unavailable' }) : json(200, []);
      },
    });
    const pending = client.folders.list();
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(pending).resolves.toEqual([]);
    // 0.5 x 1 s, 0.5 x 2 s, 0.5 x 4 s
    expect(sent.map((t, i) => (i === 0 ? 0 : t - sent[i - 1]!))).toEqual([0, 500, 1000, 2000]);
  });
});
