import { type Job, ReservationLostError, type ReserveOptions, rawJson } from '@omi-kit/storage';
import { describe, expect, it } from 'vitest';
import { type StorageFactory, useStorage } from './use-storage.js';

const VT = { visibilityTimeoutMs: 1_000 };

export function describeJobQueueContract(factory: StorageFactory): void {
  describe('job queue', () => {
    const t = useStorage(factory);

    async function reserve(queue = 'q', options: ReserveOptions = VT): Promise<Job<{ n: number }>> {
      const job = await t.storage.jobs.reserve<{ n: number }>(queue, options);
      if (!job) throw new Error('expected a job');
      return job;
    }

    it('delivers an enqueued job with its payload, attempt, token and reservation', async () => {
      const { jobs } = t.storage;
      const { id, created } = await jobs.enqueue('q', { n: 1 });
      expect(created).toBe(true);
      const now = t.clock.now();
      const job = await jobs.reserve('q', { visibilityTimeoutMs: 5_000, workerId: 'w1' });
      expect(job).toMatchObject({
        queue: 'q',
        id,
        payload: { n: 1 },
        attempt: 1,
        maxAttempts: 3,
        enqueuedAt: now,
        reservedUntil: now + 5_000,
        workerId: 'w1',
      });
      expect(job?.token).toEqual(expect.any(String));
      expect(job?.lastError).toBeUndefined();
    });

    it('returns null when nothing is ready, and keeps queues apart', async () => {
      const { jobs } = t.storage;
      expect(await jobs.reserve('q', VT)).toBeNull();
      await jobs.enqueue('other', { n: 1 });
      expect(await jobs.reserve('q', VT)).toBeNull();
      expect((await reserve('other')).payload).toEqual({ n: 1 });
    });

    it('stores rawJson text or bytes as they are and hands back the parsed value', async () => {
      const { jobs } = t.storage;
      const body = Buffer.from('{"id":"c1","title":"Caf\u00e9 \u2615 talk","n":[1,2]}');
      await jobs.enqueue('q', rawJson(body), { id: 'bytes' });
      await jobs.enqueue('q', rawJson('{"text":"as text","ok":true}'), { id: 'text' });
      expect((await reserve()).payload).toEqual({ id: 'c1', title: 'Café ☕ talk', n: [1, 2] });
      expect((await reserve()).payload).toEqual({ text: 'as text', ok: true });
      expect(() => rawJson('')).toThrow(TypeError);
      expect(() => rawJson(42 as never)).toThrow(TypeError);
    });

    it('commits enqueues made in the same tick, each with its own outcome, in order', async () => {
      const { jobs } = t.storage;
      const results = await Promise.all([
        jobs.enqueue('q', { n: 1 }, { id: 'a' }),
        jobs.enqueue('q', { n: 2 }, { id: 'b' }),
        jobs.enqueue('q', { n: 3 }, { id: 'a' }),
        jobs.enqueue('q', { n: 4 }),
      ]);
      expect(results.map((r) => r.created)).toEqual([true, true, false, true]);
      const order = [];
      for (let i = 0; i < 3; i++) order.push((await reserve()).payload.n);
      expect(order).toEqual([1, 2, 4]);
      await expect(jobs.enqueue('q', { n: 5 }, { id: '' })).rejects.toThrow();
    });

    it('delivers ready jobs first in, first out', async () => {
      for (const n of [1, 2, 3, 4]) await t.storage.jobs.enqueue('q', { n });
      const order = [];
      for (let i = 0; i < 4; i++) order.push((await reserve()).payload.n);
      expect(order).toEqual([1, 2, 3, 4]);
    });

    it('dedupes by id while the job exists, and accepts the id again after ack', async () => {
      const { jobs } = t.storage;
      expect(await jobs.enqueue('q', { n: 1 }, { id: 'delivery-7' })).toEqual({
        id: 'delivery-7',
        created: true,
      });
      expect(await jobs.enqueue('q', { n: 2 }, { id: 'delivery-7' })).toEqual({
        id: 'delivery-7',
        created: false,
      });
      expect(await jobs.enqueue('other', { n: 3 }, { id: 'delivery-7' })).toMatchObject({ created: true });
      const job = await reserve();
      expect(job.payload).toEqual({ n: 1 });
      expect(await jobs.enqueue('q', { n: 4 }, { id: 'delivery-7' })).toMatchObject({ created: false });
      await jobs.ack(job);
      expect(await jobs.enqueue('q', { n: 5 }, { id: 'delivery-7' })).toMatchObject({ created: true });
    });

    it('with unlessKey, enqueues nothing while the key-value store holds the key, in one batch too', async () => {
      const { jobs, kv } = t.storage;
      await kv.set('done:delivery-8', 1, { ttlMs: 60_000 });
      // The same tick: one group commit where the adapter has one; each keeps its own outcome.
      const [held, free] = await Promise.all([
        jobs.enqueue('q', { n: 1 }, { id: 'delivery-8', unlessKey: 'done:delivery-8' }),
        jobs.enqueue('q', { n: 2 }, { id: 'delivery-9', unlessKey: 'done:delivery-9' }),
      ]);
      expect(held).toEqual({ id: 'delivery-8', created: false });
      expect(free).toEqual({ id: 'delivery-9', created: true });
      expect(await jobs.getJob('q', 'delivery-8')).toBeUndefined();

      // An expired entry no longer holds it back.
      t.clock.advance(60_000);
      expect(
        await jobs.enqueue('q', { n: 3 }, { id: 'delivery-8', unlessKey: 'done:delivery-8' }),
      ).toMatchObject({ created: true });
      expect((await reserve()).payload).toEqual({ n: 2 });
      expect((await reserve()).payload).toEqual({ n: 3 });
      await expect(jobs.enqueue('q', {}, { unlessKey: '' })).rejects.toMatchObject({
        code: 'ERR_STORAGE_INVALID_ARGUMENT',
      });
    });

    it('holds a delayed job back until its delay has passed, without blocking later jobs', async () => {
      const { jobs } = t.storage;
      await jobs.enqueue('q', { n: 1 }, { delayMs: 5_000 });
      await jobs.enqueue('q', { n: 2 });
      const ready = await reserve();
      expect(ready.payload.n).toBe(2);
      await jobs.ack(ready);
      t.clock.advance(4_999);
      expect(await jobs.reserve('q', VT)).toBeNull();
      t.clock.advance(1);
      expect((await reserve()).payload.n).toBe(1);
    });

    it('delivers a job again once its visibility timeout passes, with a new token', async () => {
      const { jobs } = t.storage;
      await jobs.enqueue('q', { n: 1 });
      const first = await reserve('q', { visibilityTimeoutMs: 1_000, workerId: 'crashed' });
      t.clock.advance(999);
      expect(await jobs.reserve('q', VT)).toBeNull();
      t.clock.advance(1);
      const second = await reserve();
      expect(second.id).toBe(first.id);
      expect(second.attempt).toBe(2);
      expect(second.token).not.toBe(first.token);
      expect(second.lastError).toMatch(/attempt 1 was neither acked nor failed.*crashed/);
    });

    it('rejects a stale ack, fail or extend and leaves the new reservation alone', async () => {
      const { jobs } = t.storage;
      await jobs.enqueue('q', { n: 1 });
      const stale = await reserve();
      t.clock.advance(1_000);
      const fresh = await reserve();
      await expect(jobs.ack(stale)).rejects.toBeInstanceOf(ReservationLostError);
      await expect(jobs.ack(stale)).rejects.toMatchObject({
        code: 'ERR_STORAGE_RESERVATION_LOST',
        jobId: stale.id,
      });
      await expect(jobs.fail(stale, new Error('late'))).rejects.toBeInstanceOf(ReservationLostError);
      await expect(jobs.extend(stale, 60_000)).rejects.toBeInstanceOf(ReservationLostError);
      expect(await jobs.getJob('q', fresh.id)).toMatchObject({ state: 'reserved', attempts: 2 });
      await jobs.ack(fresh);
      expect(await jobs.getJob('q', fresh.id)).toBeUndefined();
      await expect(jobs.ack(fresh)).rejects.toBeInstanceOf(ReservationLostError);
    });

    it('accepts a late ack when nobody took the job over in the meantime', async () => {
      const { jobs } = t.storage;
      await jobs.enqueue('q', { n: 1 });
      const job = await reserve();
      t.clock.advance(5_000);
      await jobs.ack(job);
      expect(await jobs.stats('q')).toEqual({ waiting: 0, delayed: 0, reserved: 0, dead: 0 });
    });

    it('extend keeps the job hidden past its first timeout', async () => {
      const { jobs } = t.storage;
      await jobs.enqueue('q', { n: 1 });
      const job = await reserve();
      t.clock.advance(900);
      expect(await jobs.extend(job, 1_000)).toBe(t.clock.now() + 1_000);
      t.clock.advance(900);
      expect(await jobs.reserve('q', VT)).toBeNull();
      t.clock.advance(100);
      expect((await reserve()).attempt).toBe(2);
    });

    it('retries a failed job with exponential backoff, then dead-letters it after maxAttempts', async () => {
      const { jobs } = t.storage;
      await jobs.enqueue('q', { n: 1 }, { id: 'j' });
      const schedule: number[] = [];
      for (let attempt = 1; attempt <= 2; attempt++) {
        const job = await reserve();
        expect(job.attempt).toBe(attempt);
        const failedAt = t.clock.now();
        const result = await jobs.fail(job, new Error(`boom ${attempt}`));
        if (result.state !== 'retrying') throw new Error('expected a retry');
        schedule.push(result.retryAt - failedAt);
        t.clock.set(result.retryAt - 1);
        expect(await jobs.reserve('q', VT)).toBeNull();
        t.clock.set(result.retryAt);
      }
      expect(schedule).toEqual([1_000, 2_000]);
      const last = await reserve();
      expect(last).toMatchObject({ attempt: 3, lastError: 'Error: boom 2' });
      expect(await jobs.fail(last, new Error('boom 3'))).toEqual({ state: 'dead', deadAt: t.clock.now() });
      t.clock.advance(3_600_000);
      expect(await jobs.reserve('q', VT)).toBeNull();
      expect(await jobs.listDead('q')).toEqual([
        expect.objectContaining({
          id: 'j',
          state: 'dead',
          attempts: 3,
          lastError: 'Error: boom 3',
          payload: { n: 1 },
        }),
      ]);
      expect(await jobs.stats('q')).toEqual({ waiting: 0, delayed: 0, reserved: 0, dead: 1 });
    });

    it('honours retryInMs, retry: false and a per-job maxAttempts', async () => {
      const { jobs } = t.storage;
      await jobs.enqueue('q', { n: 1 }, { maxAttempts: 10 });
      const job = await reserve();
      expect(job.maxAttempts).toBe(10);
      const now = t.clock.now();
      expect(await jobs.fail(job, 'rate limited', { retryInMs: 42_000 })).toEqual({
        state: 'retrying',
        retryAt: now + 42_000,
      });
      t.clock.advance(42_000);
      const again = await reserve();
      expect(again.lastError).toBe('rate limited');
      expect(await jobs.fail(again, new TypeError('bad payload'), { retry: false })).toMatchObject({
        state: 'dead',
      });
      expect((await jobs.listDead('q'))[0]).toMatchObject({
        attempts: 2,
        lastError: 'TypeError: bad payload',
      });
    });

    it('dead-letters a job whose worker dies on its last attempt instead of delivering it forever', async () => {
      const { jobs } = t.storage;
      await jobs.enqueue('q', { n: 1 }, { maxAttempts: 2 });
      await reserve();
      t.clock.advance(1_000);
      await reserve();
      t.clock.advance(1_000);
      expect(await jobs.reserve('q', VT)).toBeNull();
      const [dead] = await jobs.listDead('q');
      expect(dead).toMatchObject({ state: 'dead', attempts: 2 });
      expect(dead?.lastError).toMatch(/neither acked nor failed/);
    });

    it('requeues a dead letter with a fresh set of attempts', async () => {
      const { jobs } = t.storage;
      await jobs.enqueue('q', { n: 1 }, { id: 'j', maxAttempts: 1 });
      await jobs.fail(await reserve(), new Error('down'));
      expect(await jobs.requeueDead('q', 'missing')).toBe(false);
      expect(await jobs.requeueDead('q', 'j', { delayMs: 500 })).toBe(true);
      expect(await jobs.requeueDead('q', 'j')).toBe(false);
      expect(await jobs.listDead('q')).toEqual([]);
      expect(await jobs.getJob('q', 'j')).toMatchObject({
        state: 'delayed',
        attempts: 0,
        lastError: 'Error: down',
      });
      t.clock.advance(500);
      const job = await reserve();
      expect(job).toMatchObject({ id: 'j', attempt: 1, maxAttempts: 1 });
      await jobs.ack(job);
      expect(await jobs.stats('q')).toEqual({ waiting: 0, delayed: 0, reserved: 0, dead: 0 });
    });

    it('lists dead letters oldest first, a page at a time, and deletes them', async () => {
      const { jobs } = t.storage;
      for (const id of ['a', 'b', 'c']) {
        await jobs.enqueue('q', { n: 1 }, { id, maxAttempts: 1 });
        await jobs.fail(await reserve(), new Error(id));
        t.clock.advance(10);
      }
      expect((await jobs.listDead('q')).map((job) => job.id)).toEqual(['a', 'b', 'c']);
      expect((await jobs.listDead('q', { limit: 2, offset: 1 })).map((job) => job.id)).toEqual(['b', 'c']);
      expect(await jobs.listDead('other')).toEqual([]);
      expect(await jobs.deleteDead('q', 'b')).toBe(true);
      expect(await jobs.deleteDead('q', 'b')).toBe(false);
      expect((await jobs.listDead('q')).map((job) => job.id)).toEqual(['a', 'c']);
    });

    it('reports each job state and the queue counts', async () => {
      const { jobs } = t.storage;
      await jobs.enqueue('q', { n: 1 }, { id: 'reserved' });
      await jobs.enqueue('q', { n: 2 }, { id: 'dead', maxAttempts: 1 });
      await jobs.enqueue('q', { n: 3 }, { id: 'waiting' });
      await jobs.enqueue('q', { n: 4 }, { id: 'delayed', delayMs: 60_000 });
      await reserve('q', { visibilityTimeoutMs: 10_000 });
      await jobs.fail(await reserve('q', { visibilityTimeoutMs: 10_000 }), new Error('x'));
      expect(await jobs.stats('q')).toEqual({ waiting: 1, delayed: 1, reserved: 1, dead: 1 });
      for (const id of ['reserved', 'dead', 'waiting', 'delayed']) {
        expect((await jobs.getJob('q', id))?.state).toBe(id);
      }
      expect(await jobs.getJob('q', 'missing')).toBeUndefined();
      t.clock.advance(10_000);
      expect(await jobs.stats('q')).toEqual({ waiting: 2, delayed: 1, reserved: 0, dead: 1 });
      expect(await jobs.stats('empty')).toEqual({ waiting: 0, delayed: 0, reserved: 0, dead: 0 });
    });

    it('never hands the same job to two concurrent reservers', async () => {
      const { jobs } = t.storage;
      for (let n = 0; n < 10; n++) await jobs.enqueue('q', { n });
      const results = await Promise.all(Array.from({ length: 25 }, () => jobs.reserve('q', VT)));
      const ids = results.filter((job) => job !== null).map((job) => job.id);
      expect(ids).toHaveLength(10);
      expect(new Set(ids).size).toBe(10);
    });

    it('rejects bad arguments with a stable code', async () => {
      const { jobs } = t.storage;
      const invalid = { code: 'ERR_STORAGE_INVALID_ARGUMENT' };
      await expect(jobs.enqueue('', {})).rejects.toMatchObject(invalid);
      await expect(jobs.enqueue('q', undefined)).rejects.toMatchObject(invalid);
      await expect(jobs.enqueue('q', {}, { id: '' })).rejects.toMatchObject(invalid);
      await expect(jobs.enqueue('q', {}, { delayMs: -1 })).rejects.toMatchObject(invalid);
      await expect(jobs.enqueue('q', {}, { maxAttempts: 0 })).rejects.toMatchObject(invalid);
      await expect(jobs.reserve('q', { visibilityTimeoutMs: 0 })).rejects.toMatchObject(invalid);
      await expect(jobs.listDead('q', { limit: 0 })).rejects.toMatchObject(invalid);
      expect(await jobs.stats('q')).toEqual({ waiting: 0, delayed: 0, reserved: 0, dead: 0 });
    });
  });
}
