import { beforeEach, describe, expect, it } from 'vitest';
import { expectValidationList, type Json, useEmulator, validationMessages } from './support/harness.js';

// Reference §2.3 Action items, §5 batch.

const ITEM_KEYS = [
  'id',
  'description',
  'completed',
  'created_at',
  'updated_at',
  'due_at',
  'completed_at',
  'conversation_id',
].sort();

describe('action items', () => {
  let now = Date.parse('2030-04-01T08:00:00.000Z');
  const omi = useEmulator({ rateLimitBoost: 100, clock: () => new Date(now) });
  let key: string;
  let n = 0;
  const create = async (json: Record<string, unknown>) => {
    const r = await omi.post('/v1/dev/user/action-items', { key, json });
    expect(r.status).toBe(200);
    return r.body as Record<string, Json>;
  };
  const list = async (query: Record<string, string | number | boolean> = {}) => {
    const r = await omi.get('/v1/dev/user/action-items', { key, query });
    expect(r.status).toBe(200);
    return r.body as Record<string, Json>[];
  };

  beforeEach(async () => {
    n += 1;
    key = await omi.key(undefined, `ai-user-${n}`);
    now += 3_600_000;
  });

  describe('create', () => {
    it('returns 200 with a 20-character alphanumeric id and null conversation_id', async () => {
      const item = await create({ description: '  Call the plumber  ' });
      expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
      expect(item.id).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(item).toMatchObject({
        description: 'Call the plumber',
        completed: false,
        due_at: null,
        completed_at: null,
        conversation_id: null,
      });
      expect(Date.parse(item.created_at)).toBe(now);
      expect(Date.parse(item.updated_at)).toBe(now);
    });

    it('ids differ between items (not idempotent)', async () => {
      const a = await create({ description: 'Same words' });
      const b = await create({ description: 'Same words' });
      expect(a.id).not.toBe(b.id);
      expect(await list()).toHaveLength(2);
    });

    it('created completed: completed_at is now', async () => {
      const item = await create({ description: 'Already done', completed: true });
      expect(item.completed).toBe(true);
      expect(Date.parse(item.completed_at)).toBe(now);
    });

    it('due_at with an offset is converted to UTC; a naive one is read as UTC', async () => {
      const aware = await create({ description: 'Aware', due_at: '2030-06-01T10:00:00+02:00' });
      expect(Date.parse(aware.due_at)).toBe(Date.parse('2030-06-01T08:00:00Z'));
      expect(aware.due_at).toMatch(/Z$/);
      const naive = await create({ description: 'Naive', due_at: '2030-06-01T10:00:00' });
      expect(Date.parse(naive.due_at)).toBe(Date.parse('2030-06-01T10:00:00Z'));
    });

    it('a blank description is 422 "description cannot be empty"', async () => {
      const r = await omi.post('/v1/dev/user/action-items', { key, json: { description: '   ' } });
      expect(r.status).toBe(422);
      expect(validationMessages(r.body)).toContain('description cannot be empty');
    });

    it('a description over 500 characters is a validation 422', async () => {
      const r = await omi.post('/v1/dev/user/action-items', { key, json: { description: 'd'.repeat(501) } });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item).toMatchObject({ type: 'string_too_long', loc: ['body', 'description'] });
    });
  });

  describe('batch', () => {
    it('creates up to 50, returning {action_items, created_count}', async () => {
      const action_items = Array.from({ length: 50 }, (_, i) => ({ description: `Batch task ${i}` }));
      const r = await omi.post('/v1/dev/user/action-items/batch', { key, json: { action_items } });
      expect(r.status).toBe(200);
      expect(r.body.created_count).toBe(50);
      expect(r.body.action_items).toHaveLength(50);
      for (const item of r.body.action_items) expect(item.id).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(new Set(r.body.action_items.map((i: { id: string }) => i.id)).size).toBe(50);
      expect(await list()).toHaveLength(50);
    });

    it('an empty list is 200 with created_count 0', async () => {
      const r = await omi.post('/v1/dev/user/action-items/batch', { key, json: { action_items: [] } });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ action_items: [], created_count: 0 });
    });

    it('all or nothing: 51 items is a 422 and nothing is written', async () => {
      const action_items = Array.from({ length: 51 }, (_, i) => ({ description: `Overflow ${i}` }));
      const r = await omi.post('/v1/dev/user/action-items/batch', { key, json: { action_items } });
      expect(r.status).toBe(422);
      expect(await list()).toEqual([]);
    });

    it('all or nothing: one bad item refuses the whole batch', async () => {
      const action_items = [{ description: 'Fine' }, { description: 'Bad date', due_at: 'tomorrow-ish' }];
      const r = await omi.post('/v1/dev/user/action-items/batch', { key, json: { action_items } });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item!.loc.slice(0, 4)).toEqual(['body', 'action_items', 1, 'due_at']);
      expect(await list()).toEqual([]);
    });

    it('a blank description is 422 "All action items must have non-empty descriptions"', async () => {
      const action_items = [{ description: 'Fine' }, { description: '  ' }];
      const r = await omi.post('/v1/dev/user/action-items/batch', { key, json: { action_items } });
      expect(r.status).toBe(422);
      expect(validationMessages(r.body)).toContain('All action items must have non-empty descriptions');
      expect(await list()).toEqual([]);
    });
  });

  describe('list order', () => {
    it('open before completed; due items first by due_at asc; then undated newest first', async () => {
      await create({ description: 'open undated old' });
      now += 1000;
      await create({ description: 'open due late', due_at: '2031-01-10T00:00:00Z' });
      now += 1000;
      await create({ description: 'done due early', due_at: '2030-01-01T00:00:00Z', completed: true });
      now += 1000;
      await create({ description: 'open due early', due_at: '2031-01-01T00:00:00Z' });
      now += 1000;
      await create({ description: 'done undated', completed: true });
      now += 1000;
      await create({ description: 'open undated new' });
      now += 1000;
      await create({ description: 'done due late', due_at: '2030-02-01T00:00:00Z', completed: true });
      const order = (await list()).map((i) => i.description);
      expect(order).toEqual([
        'open due early',
        'open due late',
        'open undated new',
        'open undated old',
        'done due early',
        'done due late',
        'done undated',
      ]);
    });

    it('ties on due_at are broken by created_at desc', async () => {
      await create({ description: 'first', due_at: '2031-03-03T00:00:00Z' });
      now += 1000;
      await create({ description: 'second', due_at: '2031-03-03T00:00:00Z' });
      expect((await list()).map((i) => i.description)).toEqual(['second', 'first']);
    });

    it('offset and limit apply after the sort', async () => {
      for (const d of ['a', 'b', 'c', 'd']) {
        await create({ description: d });
        now += 1000;
      }
      expect((await list({ limit: 2, offset: 1 })).map((i) => i.description)).toEqual(['c', 'b']);
    });
  });

  describe('filters', () => {
    it('completed=true / false', async () => {
      await create({ description: 'open one' });
      await create({ description: 'done one', completed: true });
      expect((await list({ completed: true })).map((i) => i.description)).toEqual(['done one']);
      expect((await list({ completed: false })).map((i) => i.description)).toEqual(['open one']);
    });

    it('start_date/end_date filter created_at, inclusive at both ends', async () => {
      const t1 = new Date(now).toISOString();
      await create({ description: 'at t1' });
      now += 60_000;
      const t2 = new Date(now).toISOString();
      await create({ description: 'at t2' });
      now += 60_000;
      await create({ description: 'after t2' });
      const inRange = await list({ start_date: t1, end_date: t2 });
      expect(inRange.map((i) => i.description).sort()).toEqual(['at t1', 'at t2']);
      const fromT2 = await list({ start_date: t2 });
      expect(fromT2.map((i) => i.description).sort()).toEqual(['after t2', 'at t2']);
      const untilT1 = await list({ end_date: t1 });
      expect(untilT1.map((i) => i.description)).toEqual(['at t1']);
    });

    it('dates filter on created_at, not due_at', async () => {
      const created = new Date(now).toISOString();
      await create({ description: 'due far away', due_at: '2040-01-01T00:00:00Z' });
      const r = await list({ start_date: '2039-12-31T00:00:00Z' });
      expect(r).toEqual([]);
      expect(await list({ start_date: created })).toHaveLength(1);
    });

    it('conversation_id matches exactly', async () => {
      const conv = await omi.post('/v1/dev/user/conversations', {
        key,
        json: {
          text: 'We talked about the garden. I need to buy tomato seeds. I will water the basil tonight.',
        },
      });
      expect(conv.status).toBe(200);
      await create({ description: 'standalone' });
      const fromConversation = await list({ conversation_id: conv.body.id });
      expect(fromConversation.length).toBeGreaterThan(0);
      for (const item of fromConversation) expect(item.conversation_id).toBe(conv.body.id);
      expect(await list({ conversation_id: 'no-such-conversation' })).toEqual([]);
      // No filter: everything, including the standalone item.
      expect((await list()).map((i) => i.description)).toContain('standalone');
    });
  });

  describe('PATCH', () => {
    it('completed:true sets completed_at and updated_at to now; false clears completed_at', async () => {
      const item = await create({ description: 'Finish the report' });
      now += 5_000;
      const done = await omi.patch(`/v1/dev/user/action-items/${item.id}`, {
        key,
        json: { completed: true },
      });
      expect(done.status).toBe(200);
      expect(done.body.completed).toBe(true);
      expect(Date.parse(done.body.completed_at)).toBe(now);
      expect(Date.parse(done.body.updated_at)).toBe(now);
      now += 5_000;
      const reopened = await omi.patch(`/v1/dev/user/action-items/${item.id}`, {
        key,
        json: { completed: false },
      });
      expect(reopened.body).toMatchObject({ completed: false, completed_at: null });
      expect(Date.parse(reopened.body.updated_at)).toBe(now);
    });

    it('edits description (trimmed) and due_at', async () => {
      const item = await create({ description: 'Old text' });
      const r = await omi.patch(`/v1/dev/user/action-items/${item.id}`, {
        key,
        json: { description: ' New text ', due_at: '2031-05-05T12:00:00Z' },
      });
      expect(r.status).toBe(200);
      expect(r.body.description).toBe('New text');
      expect(Date.parse(r.body.due_at)).toBe(Date.parse('2031-05-05T12:00:00Z'));
    });

    it('due_at: null is ignored (it does not clear the due date)', async () => {
      const item = await create({ description: 'Has a due date', due_at: '2031-02-02T00:00:00Z' });
      const r = await omi.patch(`/v1/dev/user/action-items/${item.id}`, {
        key,
        json: { due_at: null, description: 'Still has a due date' },
      });
      expect(r.status).toBe(200);
      expect(Date.parse(r.body.due_at)).toBe(Date.parse('2031-02-02T00:00:00Z'));
    });

    it.each([{}, { due_at: null }, { description: null, completed: null }])(
      'nothing applicable (%j) is 422 "At least one field must be provided"',
      async (json) => {
        const item = await create({ description: 'Untouched' });
        const r = await omi.patch(`/v1/dev/user/action-items/${item.id}`, { key, json });
        expect(r.status).toBe(422);
        expect(validationMessages(r.body)).toContain('At least one field must be provided');
      },
    );

    it('a missing item is 404 "Action item not found"', async () => {
      const r = await omi.patch('/v1/dev/user/action-items/AAAAAAAAAAAAAAAAAAAA', {
        key,
        json: { completed: true },
      });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ detail: 'Action item not found' });
    });
  });

  describe('DELETE', () => {
    it('answers {"success": true} and the item is gone', async () => {
      const item = await create({ description: 'Delete me' });
      const r = await omi.delete(`/v1/dev/user/action-items/${item.id}`, { key });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ success: true });
      expect(await list()).toEqual([]);
      const again = await omi.delete(`/v1/dev/user/action-items/${item.id}`, { key });
      expect(again.status).toBe(404);
      expect(again.body).toEqual({ detail: 'Action item not found' });
    });

    it("another user's item is 404", async () => {
      const item = await create({ description: 'Mine' });
      const other = await omi.key(undefined, `ai-other-${n}`);
      const r = await omi.delete(`/v1/dev/user/action-items/${item.id}`, { key: other });
      expect(r.status).toBe(404);
    });
  });
});
