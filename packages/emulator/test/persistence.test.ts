import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Harness } from './support/harness.js';

describe('a file database survives close and reopen', () => {
  const dir = mkdtempSync(join(tmpdir(), 'omi-emulator-'));
  const db = join(dir, 'nested', 'omi.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps keys, memories, action items, conversations and goals', async () => {
    const first = await new Harness({ db }).start();
    let key: string;
    let memoryId: string;
    let conversationId: string;
    let goalId: string;
    let token: string;
    try {
      key = await first.key();
      token = await first.idToken('persisted-user');
      const m = await first.post('/v1/dev/user/memories', {
        key,
        json: { content: 'Persisted memory', category: 'manual' },
      });
      memoryId = m.body.id;
      await first.post('/v1/dev/user/action-items', { key, json: { description: 'Persisted task' } });
      const c = await first.post('/v1/dev/user/conversations', {
        key,
        json: { text: 'A persisted conversation.' },
      });
      conversationId = c.body.id;
      const g = await first.post('/v1/dev/user/goals', { key, json: { title: 'Persisted goal' } });
      goalId = g.body.id;
      await first.post('/v1/dev/keys', { key: token, json: { name: 'persisted key' } });
    } finally {
      await first.stop();
    }

    const second = await new Harness({ db }).start();
    try {
      expect(second.baseUrl).not.toBe('');
      const memories = await second.get('/v1/dev/user/memories', { key });
      expect(memories.status).toBe(200);
      expect(memories.body.map((m: { id: string }) => m.id)).toEqual([memoryId]);
      const items = await second.get('/v1/dev/user/action-items', { key });
      expect(items.body.map((i: { description: string }) => i.description)).toEqual(['Persisted task']);
      expect((await second.get(`/v1/dev/user/conversations/${conversationId}`, { key })).status).toBe(200);
      expect((await second.get(`/v1/dev/user/goals/${goalId}`, { key })).status).toBe(200);
      const keys = await second.get('/v1/dev/keys', { key: token });
      expect(keys.status).toBe(200);
      expect(keys.body.map((k: { name: string }) => k.name)).toEqual(['persisted key']);
    } finally {
      await second.stop();
    }
  });

  it('an in-memory database starts empty every time', async () => {
    const a = await new Harness().start();
    const key = await a.key();
    await a.post('/v1/dev/user/memories', { key, json: { content: 'Gone after close' } });
    await a.stop();
    const b = await new Harness().start();
    try {
      expect((await b.get('/v1/dev/user/memories', { key })).status).toBe(401);
    } finally {
      await b.stop();
    }
  });
});
