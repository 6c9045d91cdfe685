import { beforeEach, describe, expect, it } from 'vitest';
import { expectValidationList, type Json, useEmulator, validationMessages } from './support/harness.js';

// Reference §2.6 Goals.

const REQUIRED = [
  'id',
  'goal_id',
  'title',
  'desired_outcome',
  'success_criteria',
  'status',
  'source',
  'goal_type',
  'target_value',
  'current_value',
  'min_value',
  'max_value',
  'is_active',
  'created_at',
  'updated_at',
];

describe('goals', () => {
  let now = Date.parse('2030-09-01T07:00:00.000Z');
  const omi = useEmulator({ rateLimitBoost: 100, clock: () => new Date(now) });
  let key: string;
  let n = 0;
  const create = async (json: Record<string, unknown>) => {
    const r = await omi.post('/v1/dev/user/goals', { key, json });
    expect(r.status).toBe(200);
    return r.body as Record<string, Json>;
  };

  beforeEach(async () => {
    n += 1;
    key = await omi.key(undefined, `goals-user-${n}`);
    now += 86_400_000;
  });

  describe('create', () => {
    it('returns a DeveloperGoal with a goal_<12 hex> id and goal_id == id', async () => {
      const g = await create({ title: '  Read 12 books  ' });
      for (const k of REQUIRED) expect(g, k).toHaveProperty(k);
      expect(g.id).toMatch(/^goal_[0-9a-f]{12}$/);
      expect(g.goal_id).toBe(g.id);
      expect(g.title).toBe('Read 12 books');
      // desired_outcome defaults to the title.
      expect(g.desired_outcome).toBe('Read 12 books');
      expect(['background', 'focused', 'paused', 'achieved', 'abandoned']).toContain(g.status);
      expect(['user', 'ai_suggested', 'imported']).toContain(g.source);
      expect(g.is_active).toBe(true);
      expect(Date.parse(g.created_at)).toBe(now);
      for (const k of ['target_value', 'current_value', 'min_value', 'max_value']) {
        expect(typeof g[k], k).toBe('number');
      }
    });

    it('keeps a numeric metric', async () => {
      const g = await create({
        title: 'Run 500 km',
        desired_outcome: 'Be fit for the marathon',
        why_it_matters: 'Health',
        success_criteria: ['500 km logged'],
        goal_type: 'numeric',
        target_value: 500,
        current_value: 120,
        unit: 'km',
        horizon_at: '2030-12-31T00:00:00Z',
      });
      expect(g).toMatchObject({
        desired_outcome: 'Be fit for the marathon',
        why_it_matters: 'Health',
        success_criteria: ['500 km logged'],
        goal_type: 'numeric',
        target_value: 500,
        current_value: 120,
        unit: 'km',
      });
      expect(Date.parse(g.horizon_at)).toBe(Date.parse('2030-12-31T00:00:00Z'));
      expect(g.metric).toMatchObject({ type: 'numeric', current: 120, target: 500 });
    });

    it('ids are unique', async () => {
      const a = await create({ title: 'Same' });
      const b = await create({ title: 'Same' });
      expect(a.id).not.toBe(b.id);
    });

    it('a blank title is 422 "title cannot be empty"', async () => {
      const r = await omi.post('/v1/dev/user/goals', { key, json: { title: '   ' } });
      expect(r.status).toBe(422);
      expect(validationMessages(r.body)).toContain('title cannot be empty');
    });

    it.each([
      ['title over 500', { title: 't'.repeat(501) }, 'title'],
      ['desired_outcome over 2000', { title: 'x', desired_outcome: 'd'.repeat(2001) }, 'desired_outcome'],
      ['why_it_matters over 2000', { title: 'x', why_it_matters: 'w'.repeat(2001) }, 'why_it_matters'],
      [
        '21 success criteria',
        { title: 'x', success_criteria: Array.from({ length: 21 }, () => 'c') },
        'success_criteria',
      ],
      ['a bad goal_type', { title: 'x', goal_type: 'vibes' }, 'goal_type'],
      ['a string target_value', { title: 'x', target_value: 'lots' }, 'target_value'],
    ])('%s is a validation 422', async (_n, json, field) => {
      const r = await omi.post('/v1/dev/user/goals', { key, json });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item!.loc).toEqual(['body', field]);
    });
  });

  describe('read', () => {
    it('GET by id; 404 "Goal not found" when missing', async () => {
      const g = await create({ title: 'Learn Portuguese' });
      const r = await omi.get(`/v1/dev/user/goals/${g.id}`, { key });
      expect(r.status).toBe(200);
      expect(r.body).toEqual(g);
      const missing = await omi.get('/v1/dev/user/goals/goal_000000000000', { key });
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ detail: 'Goal not found' });
    });

    it('list: default limit 10, limit respected, include_inactive returns all and ignores limit', async () => {
      for (let i = 0; i < 12; i++) await create({ title: `Goal ${i}` });
      const dflt = await omi.get('/v1/dev/user/goals', { key });
      expect(dflt.status).toBe(200);
      expect(dflt.body).toHaveLength(10);
      expect((await omi.get('/v1/dev/user/goals', { key, query: { limit: 11 } })).body).toHaveLength(11);
      expect((await omi.get('/v1/dev/user/goals', { key, query: { limit: 3 } })).body).toHaveLength(3);
      const all = await omi.get('/v1/dev/user/goals', { key, query: { include_inactive: true, limit: 1 } });
      expect(all.status).toBe(200);
      expect(all.body).toHaveLength(12);
    });
  });

  describe('PATCH', () => {
    let g: Record<string, Json>;
    beforeEach(async () => {
      g = await create({ title: 'Save money', goal_type: 'numeric', target_value: 1000, current_value: 100 });
      now += 60_000;
    });

    it('applies only the fields sent', async () => {
      const r = await omi.patch(`/v1/dev/user/goals/${g.id}`, {
        key,
        json: { title: ' Save more money ', unit: 'EUR' },
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        id: g.id,
        title: 'Save more money',
        unit: 'EUR',
        target_value: 1000,
        current_value: 100,
      });
      expect(Date.parse(r.body.updated_at)).toBe(now);
      expect((await omi.get(`/v1/dev/user/goals/${g.id}`, { key })).body.title).toBe('Save more money');
    });

    it('nullable fields may be set to null', async () => {
      const r = await omi.patch(`/v1/dev/user/goals/${g.id}`, {
        key,
        json: { why_it_matters: null, unit: null },
      });
      expect(r.status).toBe(200);
      expect(r.body.why_it_matters ?? null).toBeNull();
    });

    it.each(['title', 'desired_outcome', 'success_criteria', 'target_value', 'current_value'])(
      'null %s is a 422',
      async (field) => {
        const r = await omi.patch(`/v1/dev/user/goals/${g.id}`, { key, json: { [field]: null } });
        expect(r.status).toBe(422);
      },
    );

    it.each(['title', 'desired_outcome'])('a blank %s is a 422', async (field) => {
      const r = await omi.patch(`/v1/dev/user/goals/${g.id}`, { key, json: { [field]: '   ' } });
      expect(r.status).toBe(422);
    });

    it('an empty body is 422 "At least one field must be provided"', async () => {
      const r = await omi.patch(`/v1/dev/user/goals/${g.id}`, { key, json: {} });
      expect(r.status).toBe(422);
      expect(validationMessages(r.body)).toContain('At least one field must be provided');
    });

    it('a missing goal is 404 "Goal not found"', async () => {
      const r = await omi.patch('/v1/dev/user/goals/goal_ffffffffffff', { key, json: { title: 'x' } });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ detail: 'Goal not found' });
    });
  });

  describe('progress and history', () => {
    it('PATCH …/progress?current_value= sets current_value from the query', async () => {
      const g = await create({
        title: 'Push-ups',
        goal_type: 'numeric',
        target_value: 100,
        current_value: 10,
      });
      const r = await omi.patch(`/v1/dev/user/goals/${g.id}/progress`, {
        key,
        query: { current_value: 42.5 },
      });
      expect(r.status).toBe(200);
      expect(r.body.current_value).toBe(42.5);
      expect((await omi.get(`/v1/dev/user/goals/${g.id}`, { key })).body.current_value).toBe(42.5);
    });

    it('current_value is a required query parameter; a body does not count', async () => {
      const g = await create({ title: 'Steps' });
      const r = await omi.patch(`/v1/dev/user/goals/${g.id}/progress`, { key, json: { current_value: 5 } });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item).toMatchObject({ type: 'missing', loc: ['query', 'current_value'] });
      const bad = await omi.patch(`/v1/dev/user/goals/${g.id}/progress`, {
        key,
        query: { current_value: 'lots' },
      });
      expect(bad.status).toBe(422);
      expect(expectValidationList(bad.body)[0]!.type).toBe('float_parsing');
    });

    it('progress on a missing goal is 404', async () => {
      const r = await omi.patch('/v1/dev/user/goals/goal_aaaaaaaaaaaa/progress', {
        key,
        query: { current_value: 1 },
      });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ detail: 'Goal not found' });
    });

    it('history returns [{date, value, recorded_at}] including recorded progress', async () => {
      const g = await create({ title: 'Meditate', goal_type: 'numeric', target_value: 30, current_value: 0 });
      now += 86_400_000;
      await omi.patch(`/v1/dev/user/goals/${g.id}/progress`, { key, query: { current_value: 7 } });
      const r = await omi.get(`/v1/dev/user/goals/${g.id}/history`, { key });
      expect(r.status).toBe(200);
      expect(Array.isArray(r.body)).toBe(true);
      for (const e of r.body) {
        expect(e).toEqual({
          date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          value: expect.any(Number),
          recorded_at: expect.any(String),
        });
      }
      expect(r.body.map((e: { value: number }) => e.value)).toContain(7);
    });

    it.each([0, 366, -1])('history days=%i is a 422 (1..365)', async (days) => {
      const g = await create({ title: 'History bounds' });
      const r = await omi.get(`/v1/dev/user/goals/${g.id}/history`, { key, query: { days } });
      expect(r.status).toBe(422);
      expect(expectValidationList(r.body)[0]!.loc).toEqual(['query', 'days']);
    });

    it.each([1, 365])('history days=%i is accepted', async (days) => {
      const g = await create({ title: 'History ok' });
      const r = await omi.get(`/v1/dev/user/goals/${g.id}/history`, { key, query: { days } });
      expect(r.status).toBe(200);
    });
  });

  describe('DELETE', () => {
    it('answers {"success": true}; then GET is 404; a second DELETE is 404 "Goal not found"', async () => {
      const g = await create({ title: 'Temporary goal' });
      const r = await omi.delete(`/v1/dev/user/goals/${g.id}`, { key });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ success: true });
      expect((await omi.get(`/v1/dev/user/goals/${g.id}`, { key })).status).toBe(404);
      const again = await omi.delete(`/v1/dev/user/goals/${g.id}`, { key });
      expect(again.status).toBe(404);
      expect(again.body).toEqual({ detail: 'Goal not found' });
    });
  });
});
