import {
  createReplayGuard,
  memorySetIfAbsent,
  type SetIfAbsent,
  WebhookSignatureError,
} from '@omi-kit/webhook-types';
import { describe, expect, it } from 'vitest';

describe('createReplayGuard', () => {
  it('lets a delivery through once and rejects it again inside the window', async () => {
    let now = 1_000_000;
    const guard = createReplayGuard({ setIfAbsent: memorySetIfAbsent({ now: () => now }) });
    await expect(guard('d-1')).resolves.toBeUndefined();
    await expect(guard('d-2')).resolves.toBeUndefined();
    const replay = guard('d-1');
    await expect(replay).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(replay).rejects.toMatchObject({ code: 'replayed_delivery' });
    now += 599_999;
    await expect(guard('d-1')).rejects.toMatchObject({ code: 'replayed_delivery' });
    now += 1;
    // 600 s (twice the ±300 s tolerance) later the signature can no longer verify; the id may go.
    await expect(guard('d-1')).resolves.toBeUndefined();
  });

  it('passes the prefixed key and the ttl to any store, sync or async', async () => {
    const calls: Array<[string, number]> = [];
    const seen = new Set<string>();
    const setIfAbsent: SetIfAbsent = async (key, ttlSec) => {
      calls.push([key, ttlSec]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    const guard = createReplayGuard({ setIfAbsent, ttlSec: 300, keyPrefix: 'app1:' });
    await guard('abc');
    const error = await guard('abc').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'replayed_delivery' });
    expect((error as Error).message).toContain('300 s');
    expect(calls).toEqual([
      ['app1:abc', 300],
      ['app1:abc', 300],
    ]);
    expect(calls[0]?.[0]).toBe('app1:abc');
  });

  it('rejects a missing delivery id and a bad ttl', async () => {
    const guard = createReplayGuard({ setIfAbsent: () => true });
    await expect(guard('')).rejects.toMatchObject({ code: 'missing_header' });
    await expect(guard(undefined as unknown as string)).rejects.toMatchObject({ code: 'missing_header' });
    expect(() => createReplayGuard({ setIfAbsent: () => true, ttlSec: 0 })).toThrow(TypeError);
  });

  it('memorySetIfAbsent forgets expired keys', () => {
    let now = 0;
    const set = memorySetIfAbsent({ now: () => now });
    expect(set('a', 1)).toBe(true);
    expect(set('a', 1)).toBe(false);
    now = 1000;
    expect(set('a', 1)).toBe(true);
    now = 100_000;
    expect(set('b', 1)).toBe(true);
    expect(set('a', 1)).toBe(true);
  });
});
