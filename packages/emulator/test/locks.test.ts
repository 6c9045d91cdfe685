import { beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from './support/harness.js';

// Reference §1 "Locked resources" (free-plan gating), §2.2-2.4.

describe('locked (free-plan) items', () => {
  const omi = useEmulator({ rateLimitBoost: 100 });
  let key: string;

  beforeEach(async () => {
    // Locks are set through the admin API for the default user, so reset between tests.
    const r = await omi.post('/_emulator/reset', { json: {} });
    expect(r.status).toBe(200);
    key = await omi.key();
  });

  describe('memories', () => {
    const long =
      'Alex keeps a detailed training log with heart rate, pace, sleep and mood for every single run';
    let id: string;
    beforeEach(async () => {
      const r = await omi.post('/v1/dev/user/memories', { key, json: { content: long, category: 'habits' } });
      id = r.body.id;
      await omi.lock('memory', id);
    });

    it('stay in the list with content truncated to 70 characters + "..."', async () => {
      expect(long.length).toBeGreaterThan(70);
      const r = await omi.get('/v1/dev/user/memories', { key });
      expect(r.status).toBe(200);
      const row = r.body.find((m: { id: string }) => m.id === id);
      expect(row.content).toBe(`${long.slice(0, 70)}...`);
    });

    it('a short locked memory is not padded', async () => {
      const short = await omi.post('/v1/dev/user/memories', { key, json: { content: 'Short locked fact' } });
      await omi.lock('memory', short.body.id);
      const r = await omi.get('/v1/dev/user/memories', { key });
      expect(r.body.find((m: { id: string }) => m.id === short.body.id).content).toBe('Short locked fact');
    });

    it('PATCH is 402 "A paid plan is required to access this memory."', async () => {
      const r = await omi.patch(`/v1/dev/user/memories/${id}`, { key, json: { tags: ['x'] } });
      expect(r.status).toBe(402);
      expect(r.body).toEqual({ detail: 'A paid plan is required to access this memory.' });
    });

    it('DELETE is 402 and the memory stays', async () => {
      const r = await omi.delete(`/v1/dev/user/memories/${id}`, { key });
      expect(r.status).toBe(402);
      expect(r.body).toEqual({ detail: 'A paid plan is required to access this memory.' });
      const list = await omi.get('/v1/dev/user/memories', { key });
      expect(list.body.map((m: { id: string }) => m.id)).toContain(id);
    });

    it('unlocking restores the full content and mutations', async () => {
      await omi.lock('memory', id, false);
      const list = await omi.get('/v1/dev/user/memories', { key });
      expect(list.body.find((m: { id: string }) => m.id === id).content).toBe(long);
      expect((await omi.delete(`/v1/dev/user/memories/${id}`, { key })).status).toBe(200);
    });
  });

  describe('action items', () => {
    let id: string;
    beforeEach(async () => {
      const r = await omi.post('/v1/dev/user/action-items', { key, json: { description: 'Locked task' } });
      id = r.body.id;
      await omi.post('/v1/dev/user/action-items', { key, json: { description: 'Visible task' } });
      await omi.lock('action_item', id);
    });

    it('are dropped from the list', async () => {
      const r = await omi.get('/v1/dev/user/action-items', { key });
      expect(r.body.map((i: { description: string }) => i.description)).toEqual(['Visible task']);
    });

    it('PATCH and DELETE are 402 "A paid plan is required to access this action item."', async () => {
      for (const r of [
        await omi.patch(`/v1/dev/user/action-items/${id}`, { key, json: { completed: true } }),
        await omi.delete(`/v1/dev/user/action-items/${id}`, { key }),
      ]) {
        expect(r.status).toBe(402);
        expect(r.body).toEqual({ detail: 'A paid plan is required to access this action item.' });
      }
    });
  });

  describe('conversations', () => {
    let id: string;
    let visible: string;
    beforeEach(async () => {
      const a = await omi.post('/v1/dev/user/conversations', {
        key,
        json: { text: 'The secret locked meeting about pineapple pricing.' },
      });
      id = a.body.id;
      const b = await omi.post('/v1/dev/user/conversations', {
        key,
        json: { text: 'An open chat about lunch.' },
      });
      visible = b.body.id;
      await omi.lock('conversation', id);
    });

    it('are dropped from the list', async () => {
      const r = await omi.get('/v1/dev/user/conversations', { key });
      expect(r.body.map((c: { id: string }) => c.id)).toEqual([visible]);
    });

    it('GET by id is 404 "Conversation not found"', async () => {
      const r = await omi.get(`/v1/dev/user/conversations/${id}`, { key });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ detail: 'Conversation not found' });
    });

    it('PATCH and DELETE are 402 "A paid plan is required to access this conversation."', async () => {
      for (const r of [
        await omi.patch(`/v1/dev/user/conversations/${id}`, { key, json: { title: 'x' } }),
        await omi.delete(`/v1/dev/user/conversations/${id}`, { key }),
      ]) {
        expect(r.status).toBe(402);
        expect(r.body).toEqual({ detail: 'A paid plan is required to access this conversation.' });
      }
    });

    it('ask does not use them', async () => {
      const r = await omi.post('/v1/dev/user/ask', { key, json: { question: 'pineapple pricing meeting' } });
      expect(r.status).toBe(200);
      expect(r.body.sources.map((s: { id: string }) => s.id)).not.toContain(id);
    });
  });

  it('locking an unknown id through the admin API is a 404', async () => {
    const r = await omi.post('/_emulator/locks', { json: { resource: 'memory', id: 'nope' } });
    expect(r.status).toBe(404);
  });
});
