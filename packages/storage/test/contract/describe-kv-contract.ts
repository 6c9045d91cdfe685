import { describe, expect, it } from 'vitest';
import { type StorageFactory, useStorage } from './use-storage.js';

export function describeKvContract(factory: StorageFactory): void {
  describe('key-value store', () => {
    const t = useStorage(factory);

    it('returns undefined for a missing key', async () => {
      expect(await t.storage.kv.get('missing')).toBeUndefined();
    });

    it('round-trips JSON values and returns copies', async () => {
      const { kv } = t.storage;
      const values = [{ a: [1, 'two', { three: null }] }, [1, 2], 'text', 42.5, true, false, null, 0, ''];
      for (const [i, value] of values.entries()) await kv.set(`k${i}`, value);
      for (const [i, value] of values.entries()) expect(await kv.get(`k${i}`)).toEqual(value);
      const first = await kv.get<{ a: unknown[] }>('k0');
      first?.a.push('mutated');
      expect(await kv.get('k0')).toEqual(values[0]);
    });

    it('stores as JSON would: Dates become strings, undefined properties vanish', async () => {
      await t.storage.kv.set('k', { at: new Date(0), gone: undefined });
      expect(await t.storage.kv.get('k')).toEqual({ at: '1970-01-01T00:00:00.000Z' });
    });

    it('hides an entry once its TTL has passed', async () => {
      const { kv } = t.storage;
      await kv.set('session', 'v', { ttlMs: 1_000 });
      t.clock.advance(999);
      expect(await kv.get('session')).toBe('v');
      t.clock.advance(1);
      expect(await kv.get('session')).toBeUndefined();
    });

    it('set replaces both the value and the TTL', async () => {
      const { kv } = t.storage;
      await kv.set('k', 1, { ttlMs: 1_000 });
      await kv.set('k', 2);
      t.clock.advance(10_000_000);
      expect(await kv.get('k')).toBe(2);
    });

    it('setIfAbsent stores only when the key is missing or expired', async () => {
      const { kv } = t.storage;
      expect(await kv.setIfAbsent('delivery:1', 'first', { ttlMs: 1_000 })).toBe(true);
      expect(await kv.setIfAbsent('delivery:1', 'second', { ttlMs: 1_000 })).toBe(false);
      expect(await kv.get('delivery:1')).toBe('first');
      t.clock.advance(1_000);
      expect(await kv.setIfAbsent('delivery:1', 'third')).toBe(true);
      expect(await kv.get('delivery:1')).toBe('third');
    });

    it('setIfAbsent lets exactly one of many concurrent callers win', async () => {
      const { kv } = t.storage;
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => kv.setIfAbsent('once', i)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await kv.get('once')).toBe(results.indexOf(true));
    });

    it('increment counts from 0 and keeps the first TTL (a fixed window)', async () => {
      const { kv } = t.storage;
      expect(await kv.increment('hits', 1, { ttlMs: 1_000 })).toBe(1);
      t.clock.advance(500);
      expect(await kv.increment('hits', 2, { ttlMs: 1_000 })).toBe(3);
      expect(await kv.increment('hits')).toBe(4);
      t.clock.advance(500);
      expect(await kv.get('hits')).toBeUndefined();
      expect(await kv.increment('hits', -2)).toBe(-2);
    });

    it('increment refuses a value that is not a number', async () => {
      await t.storage.kv.set('name', 'omi');
      await expect(t.storage.kv.increment('name')).rejects.toMatchObject({
        code: 'ERR_STORAGE_NOT_A_NUMBER',
      });
      expect(await t.storage.kv.get('name')).toBe('omi');
    });

    it('delete says whether a live value was there', async () => {
      const { kv } = t.storage;
      await kv.set('a', 1);
      await kv.set('b', 1, { ttlMs: 10 });
      t.clock.advance(10);
      expect(await kv.delete('a')).toBe(true);
      expect(await kv.delete('a')).toBe(false);
      expect(await kv.delete('b')).toBe(false);
      expect(await kv.delete('never')).toBe(false);
    });

    it('purgeExpired removes exactly the expired entries', async () => {
      const { kv } = t.storage;
      await kv.set('short', 1, { ttlMs: 100 });
      await kv.set('long', 2, { ttlMs: 10_000 });
      await kv.set('forever', 3);
      t.clock.advance(100);
      expect(await kv.purgeExpired()).toBe(1);
      expect(await kv.purgeExpired()).toBe(0);
      expect(await kv.get('long')).toBe(2);
      expect(await kv.get('forever')).toBe(3);
    });

    it('rejects values that are not JSON and bad arguments, with a stable code', async () => {
      const { kv } = t.storage;
      const invalid = { code: 'ERR_STORAGE_INVALID_ARGUMENT' };
      await expect(kv.set('k', undefined)).rejects.toMatchObject(invalid);
      await expect(kv.set('k', () => 1)).rejects.toMatchObject(invalid);
      await expect(kv.set('k', 10n)).rejects.toMatchObject(invalid);
      await expect(kv.set('', 1)).rejects.toMatchObject(invalid);
      await expect(kv.set('k', 1, { ttlMs: 0 })).rejects.toMatchObject(invalid);
      await expect(kv.setIfAbsent('k', 1, { ttlMs: -5 })).rejects.toMatchObject(invalid);
      await expect(kv.increment('k', Number.NaN)).rejects.toMatchObject(invalid);
      expect(await kv.get('k')).toBeUndefined();
    });
  });
}
