import { Conversation } from '@omi-kit/schemas';
import { conversationFixture } from '@omi-kit/webhook-types/fixtures';
import { describe, expect, it } from 'vitest';
import { toConversation } from '../src/conversation-event.js';

describe('toConversation', () => {
  it('hands a full conversation back as it is when zod would not change it (no second parse)', () => {
    const body = JSON.parse(JSON.stringify(conversationFixture({ seed: 5, targetBytes: 20_000 })));
    expect(toConversation(body)).toBe(body);
  });

  it('parses what zod would change: defaults are filled in', () => {
    const body = JSON.parse(JSON.stringify(conversationFixture({ seed: 6 })));
    delete body.discarded;
    const conversation = toConversation(body);
    expect(conversation).not.toBe(body);
    expect(conversation).toEqual(Conversation.parse(body));
    expect(conversation.discarded).toBe(false);
  });

  it('refuses what zod refuses, naming the path', () => {
    const body = JSON.parse(JSON.stringify(conversationFixture({ seed: 7 })));
    body.transcript_segments[0].start = 'soon';
    expect(() => toConversation(body)).toThrow(/transcript_segments/);
  });

  it('turns the simple form of the original guide into a conversation', () => {
    const conversation = toConversation({ id: 'm1', content: 'Alex likes tea', category: 'personal' });
    expect(conversation.id).toBe('m1');
    expect(conversation.structured.overview).toBe('Alex likes tea');
  });
});
