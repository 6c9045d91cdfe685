import { beforeAll, describe, expect, it } from 'vitest';
import { expectValidationList, useEmulator } from './support/harness.js';

// Reference §2.7 Daily summaries (wire shape partly inferred from the Omi CLI).

describe('daily summaries', () => {
  const omi = useEmulator({ seed: true, rateLimitBoost: 100 });
  let key: string;
  beforeAll(async () => {
    key = await omi.key();
  });

  it('the list is wrapped: {"summaries": [...]}', async () => {
    const r = await omi.get('/v1/dev/user/daily-summaries', { key });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['summaries']);
    expect(r.body.summaries.length).toBeGreaterThan(0);
    for (const s of r.body.summaries) {
      expect(s).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          headline: expect.any(String),
          overview: expect.any(String),
          day_emoji: expect.any(String),
          stats: expect.objectContaining({
            total_conversations: expect.any(Number),
            total_duration_minutes: expect.any(Number),
            action_items_count: expect.any(Number),
          }),
          highlights: expect.any(Array),
          action_items: expect.any(Array),
          unresolved_questions: expect.any(Array),
          decisions_made: expect.any(Array),
          knowledge_nuggets: expect.any(Array),
          locations: expect.any(Array),
        }),
      );
    }
  });

  it('limit and offset page through the list', async () => {
    const all = (await omi.get('/v1/dev/user/daily-summaries', { key })).body.summaries;
    expect(all.length).toBeGreaterThanOrEqual(2);
    const one = await omi.get('/v1/dev/user/daily-summaries', { key, query: { limit: 1 } });
    expect(one.body.summaries).toEqual(all.slice(0, 1));
    const second = await omi.get('/v1/dev/user/daily-summaries', { key, query: { limit: 1, offset: 1 } });
    expect(second.body.summaries).toEqual(all.slice(1, 2));
  });

  it.each([0, 101])('limit=%i is a 422 (1..100)', async (limit) => {
    const r = await omi.get('/v1/dev/user/daily-summaries', { key, query: { limit } });
    expect(r.status).toBe(422);
    expect(expectValidationList(r.body)[0]!.loc).toEqual(['query', 'limit']);
  });

  it.each([1, 100])('limit=%i is accepted', async (limit) => {
    const r = await omi.get('/v1/dev/user/daily-summaries', { key, query: { limit } });
    expect(r.status).toBe(200);
  });

  it('a negative offset is a 422 (ge=0)', async () => {
    const r = await omi.get('/v1/dev/user/daily-summaries', { key, query: { offset: -1 } });
    expect(r.status).toBe(422);
  });

  it('start_date / end_date (YYYY-MM-DD) filter on the summary date, inclusive', async () => {
    const all = (await omi.get('/v1/dev/user/daily-summaries', { key })).body.summaries as { date: string }[];
    const dates = all.map((s) => s.date).sort();
    const [first, second] = dates;
    const r = await omi.get('/v1/dev/user/daily-summaries', {
      key,
      query: { start_date: second!, end_date: second! },
    });
    expect(r.status).toBe(200);
    expect(r.body.summaries.map((s: { date: string }) => s.date)).toEqual([second]);
    const until = await omi.get('/v1/dev/user/daily-summaries', { key, query: { end_date: first! } });
    expect(until.body.summaries.map((s: { date: string }) => s.date)).toEqual([first]);
  });

  it('GET by id returns the summary', async () => {
    const [first] = (await omi.get('/v1/dev/user/daily-summaries', { key })).body.summaries;
    const r = await omi.get(`/v1/dev/user/daily-summaries/${first.id}`, { key });
    expect(r.status).toBe(200);
    expect(r.body).toEqual(first);
  });

  it('a missing id is 404 "Daily summary not found"', async () => {
    const r = await omi.get('/v1/dev/user/daily-summaries/00000000-0000-4000-8000-000000000000', { key });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ detail: 'Daily summary not found' });
  });

  it('another user sees no summaries', async () => {
    const other = await omi.key(undefined, 'no-summaries-user');
    const r = await omi.get('/v1/dev/user/daily-summaries', { key: other });
    expect(r.body).toEqual({ summaries: [] });
  });
});
