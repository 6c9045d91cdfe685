import type { OmiClient } from '@omi-kit/api-client';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  type Connected,
  connectInMemory,
  countingClient,
  errorOf,
  payload,
  type RunningEmulator,
  startEmulator,
} from './support/harness.js';

interface Card {
  id: string;
  created_at: string;
  structured: { title: string; category: string };
  transcript_segments?: { text: string }[];
}
interface Bounded {
  conversation: Card;
  truncated: boolean;
  total_segments: number;
  returned_segments: number;
}

let omi: RunningEmulator;
let c: Connected;
let client: OmiClient;
let requests: string[];
let longId: string;
beforeAll(async () => {
  omi = await startEmulator();
  ({ client, requests } = countingClient(omi.baseUrl, omi.key));
  c = await connectInMemory({ client, scopes: ['conversations:read'] });
  // 40 segments of 100 characters: 4000 transcript characters.
  const created = await client.conversations.createFromSegments({
    client_session_id: 'long-transcript',
    transcript_segments: Array.from({ length: 40 }, (_, i) => ({
      text: `${String(i).padStart(2, '0')} ${'word '.repeat(19)}`.padEnd(100, '.').slice(0, 100),
      speaker: `SPEAKER_0${i % 2}`,
      start: i * 10,
      end: i * 10 + 9,
    })),
  });
  longId = created.id;
});
afterAll(async () => {
  await c?.close();
  await omi?.close();
});
beforeEach(() => {
  requests.length = 0;
});

describe('get_conversations', () => {
  test('cards without transcripts, newest first, default limit 20', async () => {
    const body = payload<{ conversations: Card[]; limit: number; returned_count: number }>(
      await c.call('get_conversations', {}),
    );
    expect(body.limit).toBe(20);
    expect(body.conversations.length).toBeGreaterThanOrEqual(6);
    expect(body.conversations.every((x) => !('transcript_segments' in x))).toBe(true);
    const times = body.conversations.map((x) => x.created_at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  test('dates are whole UTC days, inclusive', async () => {
    const all = payload<{ conversations: Card[] }>(
      await c.call('get_conversations', { limit: 100 }),
    ).conversations;
    const day = all.at(-1)!.created_at.slice(0, 10);
    const body = payload<{ conversations: Card[] }>(
      await c.call('get_conversations', { start_date: day, end_date: day }),
    );
    expect(body.conversations.length).toBeGreaterThan(0);
    expect(body.conversations.every((x) => x.created_at.startsWith(day))).toBe(true);
  });

  test('filters by categories', async () => {
    const body = payload<{ conversations: Card[] }>(
      await c.call('get_conversations', { categories: ['work'] }),
    );
    expect(body.conversations.length).toBeGreaterThan(0);
    expect(body.conversations.every((x) => x.structured.category === 'work')).toBe(true);
  });

  test.each([
    [{ start_date: '2025-02-30' }, 'start_date'],
    [{ end_date: '01/01/2026' }, 'end_date'],
    [{ start_date: '2025-2-1' }, 'start_date'],
    [{ start_date: '2025-03-02', end_date: '2025-03-01' }, 'end_date'],
    [{ categories: ['work', 'romance'] }, 'categories.1'],
    [{ limit: 101 }, 'limit'],
  ])('%o is invalid_arguments naming %s, before any request', async (args, field) => {
    const error = errorOf(await c.call('get_conversations', args));
    expect(error.code).toBe('invalid_arguments');
    expect(error.message).toContain(field);
    expect(requests).toEqual([]);
  });

  test('a leap day is a real date', async () => {
    const result = await c.call('get_conversations', { start_date: '2024-02-29', end_date: '2024-02-29' });
    expect(result.isError).toBeFalsy();
  });
});

describe('get_conversation_by_id', () => {
  test('the transcript, within the default bounds, not truncated', async () => {
    const body = payload<Bounded>(await c.call('get_conversation_by_id', { conversation_id: longId }));
    expect(body).toMatchObject({ truncated: false, total_segments: 40, returned_segments: 40 });
    expect(body.conversation.transcript_segments).toHaveLength(40);
  });

  test('max_segments cuts and says truncated', async () => {
    const body = payload<Bounded>(
      await c.call('get_conversation_by_id', { conversation_id: longId, max_segments: 5 }),
    );
    expect(body).toMatchObject({ truncated: true, total_segments: 40, returned_segments: 5 });
    expect(body.conversation.transcript_segments!.map((s) => s.text.slice(0, 2))).toEqual([
      '00',
      '01',
      '02',
      '03',
      '04',
    ]);
  });

  test('max_chars cuts the segment that crosses it', async () => {
    const body = payload<Bounded>(
      await c.call('get_conversation_by_id', { conversation_id: longId, max_chars: 250 }),
    );
    expect(body.truncated).toBe(true);
    const texts = body.conversation.transcript_segments!.map((s) => s.text);
    expect(texts).toHaveLength(3);
    expect(texts.join('').length).toBe(250);
  });

  test('bounds over the maximum are refused before any request', async () => {
    expect(
      errorOf(await c.call('get_conversation_by_id', { conversation_id: longId, max_segments: 501 })).code,
    ).toBe('invalid_arguments');
    expect(
      errorOf(await c.call('get_conversation_by_id', { conversation_id: longId, max_chars: 100_001 })).code,
    ).toBe('invalid_arguments');
    expect(errorOf(await c.call('get_conversation_by_id', { conversation_id: '' })).code).toBe(
      'invalid_arguments',
    );
    expect(requests).toEqual([]);
  });

  test('an unknown id is not_found', async () => {
    const error = errorOf(await c.call('get_conversation_by_id', { conversation_id: 'nope' }));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('conversation');
  });
});

describe('get_conversations_by_ids', () => {
  test('fetches each id once, keeps order, lists the missing ones', async () => {
    const cards = payload<{ conversations: Card[] }>(
      await c.call('get_conversations', { limit: 3 }),
    ).conversations.filter((x) => x.id !== longId);
    requests.length = 0;
    const ids = [cards[0]!.id, 'missing-1', cards[1]!.id, cards[0]!.id, longId];
    const body = payload<{
      conversations: (Card & { truncated: boolean })[];
      not_found: string[];
      truncated: boolean;
    }>(await c.call('get_conversations_by_ids', { conversation_ids: ids, max_segments: 10 }));
    expect(body.conversations.map((x) => x.id)).toEqual([cards[0]!.id, cards[1]!.id, longId]);
    expect(body.not_found).toEqual(['missing-1']);
    expect(body.truncated).toBe(true);
    expect(body.conversations.at(-1)!.truncated).toBe(true);
    expect(requests).toHaveLength(4);
  });

  test('more than 20 ids, or none, is refused before any request', async () => {
    const ids = Array.from({ length: 21 }, (_, i) => `id-${i}`);
    expect(errorOf(await c.call('get_conversations_by_ids', { conversation_ids: ids })).message).toContain(
      '20',
    );
    expect(errorOf(await c.call('get_conversations_by_ids', { conversation_ids: [] })).code).toBe(
      'invalid_arguments',
    );
    expect(requests).toEqual([]);
  });
});
