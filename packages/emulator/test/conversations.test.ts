import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectValidationList, type Json, useEmulator, validationMessages } from './support/harness.js';
import { UUID_ANY } from './support/ids.js';

// Reference §2.4 Conversations, §6 filters.

const SEGMENT_KEYS = ['id', 'text', 'speaker_id', 'speaker_name', 'start', 'end'].sort();

describe('conversations', () => {
  let now = Date.parse('2030-07-01T10:00:00.000Z');
  const omi = useEmulator({ rateLimitBoost: 100, clock: () => new Date(now) });
  let key: string;
  let n = 0;
  const createText = async (text: string, extra: Record<string, unknown> = {}) => {
    const r = await omi.post('/v1/dev/user/conversations', { key, json: { text, ...extra } });
    expect(r.status).toBe(200);
    return r.body as { id: string; status: string; discarded: boolean };
  };
  const createSegments = async (json: Record<string, unknown>) => {
    const r = await omi.post('/v1/dev/user/conversations/from-segments', { key, json });
    expect(r.status).toBe(200);
    return r.body as { id: string; status: string; discarded: boolean };
  };
  const list = async (query: Record<string, string | number | boolean> = {}) => {
    const r = await omi.get('/v1/dev/user/conversations', { key, query });
    expect(r.status).toBe(200);
    return r.body as Record<string, Json>[];
  };
  const get = (id: string, query: Record<string, string | boolean> = {}) =>
    omi.get(`/v1/dev/user/conversations/${id}`, { key, query });

  beforeEach(async () => {
    n += 1;
    key = await omi.key(undefined, `conv-user-${n}`);
    now += 86_400_000;
  });

  describe('POST (text)', () => {
    it('returns 200 {id, status: "completed", discarded: false}', async () => {
      const r = await omi.post('/v1/dev/user/conversations', {
        key,
        json: { text: 'We planned the team offsite. The project deadline moved to Friday.' },
      });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ id: expect.stringMatching(UUID_ANY), status: 'completed', discarded: false });
    });

    it('stores source external_integration, language en and finished_at = started_at + 300 s', async () => {
      const { id } = await createText('A quick chat about the weekend plans with friends.', {
        started_at: '2030-01-01T09:00:00Z',
      });
      const r = await get(id);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ source: 'external_integration', language: 'en' });
      expect(Date.parse(r.body.started_at)).toBe(Date.parse('2030-01-01T09:00:00Z'));
      expect(Date.parse(r.body.finished_at)).toBe(Date.parse('2030-01-01T09:05:00Z'));
    });

    it('keeps geolocation coordinates (raw when there is no geocode result)', async () => {
      const { id } = await createText('Coffee by the harbour.', {
        geolocation: { latitude: 38.7071, longitude: -9.1355 },
      });
      const r = await get(id);
      expect(r.body.geolocation).toMatchObject({ latitude: 38.7071, longitude: -9.1355 });
    });

    it('extracted action items inside structured carry no id', async () => {
      const { id } = await createText(
        'Long planning call. I need to renew the passport. We need to book the hotel.',
      );
      const r = await get(id);
      expect(r.body.structured.action_items.length).toBeGreaterThan(0);
      for (const item of r.body.structured.action_items) {
        expect(item).not.toHaveProperty('id');
        expect(item).toEqual(expect.objectContaining({ description: expect.any(String), completed: false }));
      }
    });

    it('started_at defaults to now', async () => {
      const { id } = await createText('Default start time conversation about a meeting.');
      const r = await get(id);
      expect(Date.parse(r.body.started_at)).toBe(now);
      expect(Date.parse(r.body.finished_at)).toBe(now + 300_000);
    });

    it('is not idempotent: the same text twice makes two conversations', async () => {
      const a = await createText('Identical text conversation.');
      const b = await createText('Identical text conversation.');
      expect(a.id).not.toBe(b.id);
      expect(await list()).toHaveLength(2);
    });

    it('blank text is 422 "text cannot be empty"', async () => {
      const r = await omi.post('/v1/dev/user/conversations', { key, json: { text: '  \n ' } });
      expect(r.status).toBe(422);
      expect(validationMessages(r.body)).toContain('text cannot be empty');
    });

    it('text over 100 000 characters is a validation 422', async () => {
      const r = await omi.post('/v1/dev/user/conversations', { key, json: { text: 'a'.repeat(100_001) } });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item).toMatchObject({ type: 'string_too_long', loc: ['body', 'text'] });
    });

    it('finished_at before started_at is 422 "finished_at must be after started_at"', async () => {
      const r = await omi.post('/v1/dev/user/conversations', {
        key,
        json: { text: 'Backwards.', started_at: '2030-01-01T10:00:00Z', finished_at: '2030-01-01T09:59:59Z' },
      });
      expect(r.status).toBe(422);
      expect(validationMessages(r.body)).toContain('finished_at must be after started_at');
    });

    it('finished_at equal to started_at is accepted for text (the check is finished < started)', async () => {
      const r = await omi.post('/v1/dev/user/conversations', {
        key,
        json: { text: 'Instant.', started_at: '2030-01-01T10:00:00Z', finished_at: '2030-01-01T10:00:00Z' },
      });
      expect(r.status).toBe(200);
    });
  });

  describe('list', () => {
    it('is newest first (created_at desc) and omits transcript_segments by default', async () => {
      const a = await createText('First conversation about the garden.');
      now += 1000;
      const b = await createText('Second conversation about the budget.');
      now += 1000;
      const c = await createText('Third conversation about a trip.');
      const rows = await list();
      expect(rows.map((r) => r.id)).toEqual([c.id, b.id, a.id]);
      for (const row of rows) {
        expect(row).not.toHaveProperty('transcript_segments');
        expect(row).toEqual(
          expect.objectContaining({
            id: expect.any(String),
            created_at: expect.any(String),
            structured: expect.objectContaining({
              title: expect.any(String),
              overview: expect.any(String),
              emoji: expect.any(String),
              category: expect.any(String),
              action_items: expect.any(Array),
              events: expect.any(Array),
            }),
          }),
        );
        expect(row).toHaveProperty('folder_id');
        expect(row).toHaveProperty('folder_name');
        expect(row).toHaveProperty('geolocation');
      }
    });

    it('hides discarded conversations', async () => {
      const keep = await createText('Keep this one about work.');
      const drop = await createText('Drop this one about nothing.');
      const r = await omi.patch(`/v1/dev/user/conversations/${drop.id}`, { key, json: { discarded: true } });
      expect(r.status).toBe(200);
      expect((await list()).map((c) => c.id)).toEqual([keep.id]);
      // GET by id does not filter discarded conversations.
      expect((await get(drop.id)).status).toBe(200);
      // Restoring brings it back.
      await omi.patch(`/v1/dev/user/conversations/${drop.id}`, { key, json: { discarded: false } });
      expect((await list()).map((c) => c.id).sort()).toEqual([keep.id, drop.id].sort());
    });

    it('include_transcript=true adds segments without is_user, speaker or person_id', async () => {
      await createSegments({
        transcript_segments: [
          {
            text: 'Hello, how was the run?',
            speaker: 'SPEAKER_01',
            is_user: false,
            person_id: 'p1',
            start: 0,
            end: 2,
          },
          { text: 'Great, ten kilometres.', speaker: 'SPEAKER_00', is_user: true, start: 2.5, end: 4 },
        ],
      });
      const [row] = await list({ include_transcript: true });
      expect(row!.transcript_segments).toHaveLength(2);
      for (const seg of row!.transcript_segments) {
        expect(Object.keys(seg).sort()).toEqual(SEGMENT_KEYS);
        expect(seg).not.toHaveProperty('is_user');
        expect(seg).not.toHaveProperty('speaker');
        expect(seg).not.toHaveProperty('person_id');
      }
      expect(row!.transcript_segments.map((s: { text: string }) => s.text)).toEqual([
        'Hello, how was the run?',
        'Great, ten kilometres.',
      ]);
      // speaker_id is derived from SPEAKER_NN when not given.
      expect(row!.transcript_segments.map((s: { speaker_id: number }) => s.speaker_id)).toEqual([1, 0]);
      const [plain] = await list({ include_transcript: false });
      expect(plain).not.toHaveProperty('transcript_segments');
    });

    it('an unknown category is 400 "Invalid category \'<x>\' is not a valid CategoryEnum"', async () => {
      const r = await omi.get('/v1/dev/user/conversations', { key, query: { categories: 'work,made-up' } });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ detail: "Invalid category 'made-up' is not a valid CategoryEnum" });
    });

    it('filters by structured.category', async () => {
      const { id } = await createText(
        'Sprint planning meeting with the team about the project deadline and release.',
      );
      const cat = (await get(id)).body.structured.category as string;
      const other = cat === 'travel' ? 'music' : 'travel';
      expect((await list({ categories: cat })).map((c) => c.id)).toEqual([id]);
      expect(await list({ categories: other })).toEqual([]);
    });

    it('start_date/end_date are inclusive on created_at', async () => {
      const t1 = new Date(now).toISOString();
      const a = await createText('At t1.');
      now += 60_000;
      const t2 = new Date(now).toISOString();
      const b = await createText('At t2.');
      now += 60_000;
      await createText('Later.');
      expect((await list({ start_date: t1, end_date: t2 })).map((c) => c.id)).toEqual([b.id, a.id]);
    });

    it('folder_id must be non-empty (422)', async () => {
      const r = await omi.get('/v1/dev/user/conversations', { key, query: { folder_id: '' } });
      expect(r.status).toBe(422);
      const [item] = expectValidationList(r.body);
      expect(item!.loc).toEqual(['query', 'folder_id']);
    });
  });

  describe('GET by id', () => {
    it('returns the conversation; transcript only with include_transcript', async () => {
      const { id } = await createSegments({
        transcript_segments: [{ text: 'Just me talking.', start: 0, end: 3 }],
      });
      const plain = await get(id);
      expect(plain.status).toBe(200);
      expect(plain.body.id).toBe(id);
      expect(plain.body).not.toHaveProperty('transcript_segments');
      const full = await get(id, { include_transcript: true });
      expect(full.body.transcript_segments).toHaveLength(1);
      expect(Object.keys(full.body.transcript_segments[0]).sort()).toEqual(SEGMENT_KEYS);
    });

    it('a missing id is 404 "Conversation not found"', async () => {
      const r = await get('00000000-0000-4000-8000-000000000000');
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ detail: 'Conversation not found' });
    });

    it("another user's conversation is 404", async () => {
      const { id } = await createText('Private conversation.');
      const other = await omi.key(undefined, `conv-other-${n}`);
      const r = await omi.get(`/v1/dev/user/conversations/${id}`, { key: other });
      expect(r.status).toBe(404);
    });
  });

  describe('PATCH', () => {
    it('sets a trimmed title and returns the conversation with transcript_segments', async () => {
      const { id } = await createSegments({
        transcript_segments: [{ text: 'Segment text here.', start: 0, end: 2 }],
      });
      const r = await omi.patch(`/v1/dev/user/conversations/${id}`, { key, json: { title: '  Renamed  ' } });
      expect(r.status).toBe(200);
      expect(r.body.structured.title).toBe('Renamed');
      expect(r.body.transcript_segments).toHaveLength(1);
      expect((await get(id)).body.structured.title).toBe('Renamed');
    });

    it('discarded=true hides it from the list', async () => {
      const { id } = await createText('To be discarded.');
      const r = await omi.patch(`/v1/dev/user/conversations/${id}`, { key, json: { discarded: true } });
      expect(r.status).toBe(200);
      expect(r.body.id).toBe(id);
      expect(await list()).toEqual([]);
    });

    it.each([{}, { title: null, discarded: null }])(
      'no field (%j) is 422 "At least one field (title or discarded) must be provided"',
      async (json) => {
        const { id } = await createText('Patch me.');
        const r = await omi.patch(`/v1/dev/user/conversations/${id}`, { key, json });
        expect(r.status).toBe(422);
        expect(validationMessages(r.body)).toContain(
          'At least one field (title or discarded) must be provided',
        );
      },
    );

    it('a title over 500 characters is a validation 422', async () => {
      const { id } = await createText('Patch me too.');
      const r = await omi.patch(`/v1/dev/user/conversations/${id}`, {
        key,
        json: { title: 't'.repeat(501) },
      });
      expect(r.status).toBe(422);
      expectValidationList(r.body);
    });

    it('a missing id is 404 "Conversation not found"', async () => {
      const r = await omi.patch('/v1/dev/user/conversations/missing', { key, json: { title: 'x' } });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ detail: 'Conversation not found' });
    });
  });

  describe('DELETE', () => {
    it('answers {"success": true}; then GET is 404', async () => {
      const { id } = await createText('Short-lived.');
      const r = await omi.delete(`/v1/dev/user/conversations/${id}`, { key });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ success: true });
      expect((await get(id)).status).toBe(404);
      expect(await list()).toEqual([]);
    });

    it('a missing id is 404 "Conversation not found"', async () => {
      const r = await omi.delete('/v1/dev/user/conversations/missing', { key });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ detail: 'Conversation not found' });
    });
  });
});

describe('conversation filters on the seeded user (folders, starred)', () => {
  const omi = useEmulator({ seed: true, rateLimitBoost: 100 });
  let key: string;
  beforeAll(async () => {
    key = await omi.key();
  });

  it('starred=true returns only starred conversations; starred=false the rest', async () => {
    const all = await omi.get('/v1/dev/user/conversations', { key, query: { limit: 100 } });
    const starred = await omi.get('/v1/dev/user/conversations', { key, query: { starred: true } });
    const unstarred = await omi.get('/v1/dev/user/conversations', { key, query: { starred: false } });
    expect(starred.status).toBe(200);
    expect(starred.body.length).toBeGreaterThan(0);
    expect(unstarred.body.length).toBeGreaterThan(0);
    expect(starred.body.length + unstarred.body.length).toBe(all.body.length);
    const starredIds = new Set(starred.body.map((c: { id: string }) => c.id));
    for (const c of unstarred.body) expect(starredIds.has(c.id)).toBe(false);
  });

  it('folder_id returns only that folder, with folder_name filled in', async () => {
    const folders = await omi.get('/v1/dev/user/folders', { key });
    const used = folders.body.find((f: { conversation_count: number }) => f.conversation_count > 0);
    expect(used).toBeDefined();
    const r = await omi.get('/v1/dev/user/conversations', { key, query: { folder_id: used.id } });
    expect(r.status).toBe(200);
    expect(r.body.length).toBeGreaterThan(0);
    for (const c of r.body) expect(c).toMatchObject({ folder_id: used.id, folder_name: used.name });
    const none = await omi.get('/v1/dev/user/conversations', { key, query: { folder_id: 'no-such-folder' } });
    expect(none.body).toEqual([]);
  });

  it('seeded transcripts carry speaker names', async () => {
    const r = await omi.get('/v1/dev/user/conversations', {
      key,
      query: { include_transcript: true, limit: 1 },
    });
    const names = r.body[0].transcript_segments.map((s: { speaker_name: string | null }) => s.speaker_name);
    expect(names.some((n: string | null) => typeof n === 'string' && n.length > 0)).toBe(true);
  });
});
