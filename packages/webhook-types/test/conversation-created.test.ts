import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  acceptsConversationCreated,
  ConversationCreatedBody,
  ConversationCreatedPayload,
  normalizeConversationCreated,
  webhookPayloadSchemas,
} from '@omi-kit/webhook-types';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { conversationFixture } from '../src/fixtures/index.js';

// The lead's real-shaped conversation payload, kept in @omi-kit/schemas' tests.
const sample = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../schemas/test/payloads/webhook-conversation.json'), 'utf8'),
) as Record<string, unknown>;

describe('conversation created', () => {
  it('parses the full Conversation and keeps unknown keys at every level', () => {
    const body = {
      ...sample,
      brand_new_key: { nested: true },
      structured: { ...(sample.structured as object), sections: [{ heading: 'H', body_markdown: 'B' }] },
    };
    const event = normalizeConversationCreated(body);
    expect(event.variant).toBe('conversation');
    if (event.variant !== 'conversation') return;
    expect(event.conversation.id).toBe(sample.id);
    expect(event.conversation.brand_new_key).toEqual({ nested: true });
    expect(event.conversation.structured.sections).toEqual([{ heading: 'H', body_markdown: 'B' }]);
    expect(ConversationCreatedBody.parse(body)).toMatchObject({ id: sample.id });
  });

  it('tolerates missing keys (only id is needed) and fills Omi defaults', () => {
    const event = normalizeConversationCreated({ id: 'c1' });
    expect(event).toMatchObject({
      variant: 'conversation',
      conversation: {
        id: 'c1',
        transcript_segments: [],
        photos: [],
        discarded: false,
        structured: { title: '' },
      },
    });
  });

  it('accepts the docs example (speakerId, speaker_name, folder_name, apps_response)', () => {
    const docs = {
      id: 'memory_abc123',
      created_at: '2024-07-22T23:59:45.910559+00:00',
      started_at: '2024-07-21T22:34:43.384323+00:00',
      finished_at: '2024-07-21T22:35:43.384323+00:00',
      transcript_segments: [
        {
          text: "Let's discuss the project timeline.",
          speaker: 'SPEAKER_00',
          speakerId: 0,
          speaker_name: 'John',
          is_user: false,
          start: 10.0,
          end: 15.0,
        },
      ],
      structured: {
        title: 'Project Timeline Discussion',
        overview: 'Brief overview of the conversation...',
        emoji: '📅',
        category: 'work',
        action_items: [{ description: 'Send project proposal by Friday', completed: false }],
        events: [],
      },
      apps_response: [],
      discarded: false,
      folder_id: 'folder_uuid',
      folder_name: 'Work',
    };
    expect(ConversationCreatedPayload.parse(docs).folder_name).toBe('Work');
  });

  it("accepts the original guide's simple memory-created form", () => {
    const simple = { id: 'm1', content: 'Prefers tea to coffee', category: 'interesting', user_id: 'u1' };
    expect(normalizeConversationCreated(simple)).toEqual({ variant: 'simple', memory: simple });
    expect(webhookPayloadSchemas.memory_created.parse(simple)).toEqual(simple);
  });

  it('names the failing paths of a body that fits neither form', () => {
    expect(() => normalizeConversationCreated({ structured: { title: 1 } })).toThrow(ZodError);
    try {
      normalizeConversationCreated({ id: 'c', transcript_segments: [{ text: 'x' }] });
    } catch (error) {
      const paths = (error as ZodError).issues.map((issue) => issue.path.join('.'));
      expect(paths).toContain('transcript_segments.0.start');
    }
    expect(() => normalizeConversationCreated([])).toThrow(ZodError);
    expect(() => normalizeConversationCreated('{"id":"c"}')).toThrow(ZodError);
  });

  it('acceptsConversationCreated: yes for real conversations, "not sure" for the simple form and bad bodies', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const body = JSON.parse(
        JSON.stringify(conversationFixture({ seed, targetBytes: 20_000 + seed * 1_000 })),
      );
      expect(acceptsConversationCreated(body)).toBe(true);
      expect(normalizeConversationCreated(body).variant).toBe('conversation');
    }
    expect(acceptsConversationCreated(sample)).toBe(true);
    // The simple form is valid, but not a full Conversation: the caller takes the parsing path.
    const simple = { id: 'm1', content: 'Met Alex', category: 'work' };
    expect(acceptsConversationCreated(simple)).toBe(false);
    expect(normalizeConversationCreated(simple).variant).toBe('simple');
    for (const bad of [{ ...sample, id: 7 }, { ...sample, transcript_segments: 'none' }, [], null, 'x']) {
      expect(acceptsConversationCreated(bad)).toBe(false);
      expect(() => normalizeConversationCreated(bad)).toThrow(ZodError);
    }
  });
});
