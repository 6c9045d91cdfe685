import { beforeAll, describe, expect, it } from 'vitest';
import { expectValidationList, useEmulator, validationMessages } from './support/harness.js';

// Reference §2.4, POST /v1/dev/user/ask.

describe('POST /v1/dev/user/ask', () => {
  const omi = useEmulator({ rateLimitBoost: 100 });
  let key: string;
  let lisbon: string;
  let discarded: string;
  beforeAll(async () => {
    key = await omi.key(undefined, 'ask-user');
    const a = await omi.post('/v1/dev/user/conversations', {
      key,
      json: { text: 'We booked the Lisbon trip for October. The hotel is near the river in Alfama.' },
    });
    lisbon = a.body.id;
    await omi.post('/v1/dev/user/conversations', {
      key,
      json: { text: 'The dentist moved my cleaning to Thursday afternoon.' },
    });
    const d = await omi.post('/v1/dev/user/conversations', {
      key,
      json: { text: 'Discarded chatter about the Lisbon tram and custard tarts.' },
    });
    discarded = d.body.id;
    await omi.patch(`/v1/dev/user/conversations/${discarded}`, { key, json: { discarded: true } });
  });

  it('answers {answer, sources: [{id, title, created_at}]}', async () => {
    const r = await omi.post('/v1/dev/user/ask', { key, json: { question: 'When is the Lisbon trip?' } });
    expect(r.status).toBe(200);
    expect(typeof r.body.answer).toBe('string');
    expect(r.body.answer.length).toBeGreaterThan(0);
    expect(r.body.sources.length).toBeGreaterThan(0);
    for (const s of r.body.sources) {
      expect(s).toEqual({
        id: expect.any(String),
        title: expect.any(String),
        created_at: expect.any(String),
      });
    }
    expect(r.body.sources.map((s: { id: string }) => s.id)).toContain(lisbon);
  });

  it('excludes discarded conversations', async () => {
    const r = await omi.post('/v1/dev/user/ask', { key, json: { question: 'Lisbon tram custard tarts' } });
    expect(r.body.sources.map((s: { id: string }) => s.id)).not.toContain(discarded);
  });

  it('nothing found: the answer says it could not find anything, sources are empty', async () => {
    const r = await omi.post('/v1/dev/user/ask', { key, json: { question: 'xylophone quantum zeppelin' } });
    expect(r.status).toBe(200);
    expect(r.body.sources).toEqual([]);
    expect(r.body.answer).toMatch(/couldn't find/i);
  });

  it('limit caps the sources', async () => {
    const r = await omi.post('/v1/dev/user/ask', {
      key,
      json: { question: 'Lisbon dentist trip', limit: 1 },
    });
    expect(r.status).toBe(200);
    expect(r.body.sources.length).toBeLessThanOrEqual(1);
  });

  it.each([0, 11, -1])('limit=%i is a 422 (1..10)', async (limit) => {
    const r = await omi.post('/v1/dev/user/ask', { key, json: { question: 'q?', limit } });
    expect(r.status).toBe(422);
    const [item] = expectValidationList(r.body);
    expect(item!.loc).toEqual(['body', 'limit']);
  });

  it.each([1, 10])('limit=%i is accepted', async (limit) => {
    const r = await omi.post('/v1/dev/user/ask', { key, json: { question: 'q?', limit } });
    expect(r.status).toBe(200);
  });

  it('an invalid timezone is a 422 naming a valid IANA timezone', async () => {
    const r = await omi.post('/v1/dev/user/ask', {
      key,
      json: { question: 'q?', timezone: 'Mars/Olympus_Mons' },
    });
    expect(r.status).toBe(422);
    expect(validationMessages(r.body).some((m) => m.includes('valid IANA timezone'))).toBe(true);
  });

  it('a valid IANA timezone is accepted', async () => {
    const r = await omi.post('/v1/dev/user/ask', {
      key,
      json: { question: 'trip?', timezone: 'Europe/Lisbon' },
    });
    expect(r.status).toBe(200);
  });

  it('question is required, 1..1000 characters', async () => {
    for (const json of [{}, { question: '' }, { question: 'q'.repeat(1001) }]) {
      const r = await omi.post('/v1/dev/user/ask', { key, json });
      expect(r.status, JSON.stringify(json).slice(0, 40)).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item!.loc).toEqual(['body', 'question']);
    }
    const max = await omi.post('/v1/dev/user/ask', { key, json: { question: 'q'.repeat(1000) } });
    expect(max.status).toBe(200);
  });

  it('a search outage is a 503', async () => {
    await omi.switches({ search_unavailable: true });
    try {
      const r = await omi.post('/v1/dev/user/ask', { key, json: { question: 'Lisbon?' } });
      expect(r.status).toBe(503);
      expect(typeof r.body.detail).toBe('string');
    } finally {
      await omi.switches({ search_unavailable: false });
    }
    const ok = await omi.post('/v1/dev/user/ask', { key, json: { question: 'Lisbon?' } });
    expect(ok.status).toBe(200);
  });
});
