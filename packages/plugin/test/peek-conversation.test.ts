import { definePlugin } from '@omi-kit/plugin';
import type { Conversation } from '@omi-kit/schemas';
import { conversationFixture } from '@omi-kit/webhook-types/fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import { peekConversation } from '../src/peek-conversation.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

/** A conversation whose text is not ASCII, as most real ones are somewhere. */
function withText(conversation: Conversation, overrides: Partial<Conversation> = {}): Conversation {
  return {
    ...conversation,
    structured: { ...conversation.structured, title: 'Café ☕ à Zürich', overview: 'Ωmega — 東京 👋' },
    ...overrides,
  };
}

describe('peekConversation: the fast path of a conversation delivery', () => {
  it('reads id, app_id and source of a valid conversation with non-ASCII text, as decoding would', () => {
    const conversation = withText(conversationFixture({ seed: 1, targetBytes: 20_000 }), {
      app_id: 'app_1',
      source: 'external_integration',
    });
    expect(peekConversation(bytes(conversation))).toEqual({
      id: conversation.id,
      app_id: 'app_1',
      source: 'external_integration',
    });
  });

  it('leaves to the exact path whatever it cannot vouch for', () => {
    const conversation = conversationFixture({ seed: 2 });
    const cases: Record<string, Buffer> = {
      'an id outside ASCII': bytes({ ...conversation, id: 'réunion-1' }),
      'an app_id outside ASCII': bytes({ ...conversation, app_id: 'appé' }),
      'malformed JSON': bytes('{"id": "x",'),
      'an empty body': Buffer.alloc(0),
      'a __proto__ key': bytes(`{"__proto__": {"x": 1}, ${JSON.stringify(conversation).slice(1)}`),
      'the simple form': bytes({ id: 'm1', content: 'Likes tea', category: 'interesting' }),
      'a schema mismatch': bytes({ ...conversation, transcript_segments: 'none' }),
      'an array': bytes([conversation]),
    };
    for (const [what, body] of Object.entries(cases)) expect(peekConversation(body), what).toBeUndefined();
  });
});

describe('conversation deliveries with text outside ASCII', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('hand the handler the text as sent, dedupe on the decoded id, and still answer 422 with paths', async () => {
    const seen: Array<{ id: string; title: string | undefined }> = [];
    t = await startTestServer(
      definePlugin({
        name: 'non-ascii',
        onConversation: ({ event }) => void seen.push({ id: event.id, title: event.structured.title }),
      }),
    );
    const fast = withText(conversationFixture({ seed: 3 }));
    const exact = withText(conversationFixture({ seed: 4 }), { id: 'réunion-☕' });
    for (const body of [fast, exact, fast, exact]) {
      expect(await t.post('/webhooks/conversation?uid=u1', body)).toMatchObject({ status: 200, body: {} });
    }
    await t.server.runtime.idle();
    expect(seen).toEqual([
      { id: fast.id, title: 'Café ☕ à Zürich' },
      { id: 'réunion-☕', title: 'Café ☕ à Zürich' },
    ]);

    const bad = await t.post('/webhooks/conversation?uid=u1', { ...fast, id: 'x', started_at: 5 });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('started_at');
  });
});
