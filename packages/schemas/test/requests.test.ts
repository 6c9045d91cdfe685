import {
  acceptUnknownKeys,
  CreateActionItemRequest,
  CreateConversationFromSegmentsRequest,
  CreateConversationRequest,
  CreateMemoriesBatchRequest,
  CreateMemoryRequest,
  DEV_API_KEY_PATTERN,
  hasScope,
  UpdateActionItemRequest,
} from '@omi-kit/schemas';
import { describe, expect, it } from 'vitest';

describe('what we send is strict', () => {
  it('refuses an unknown key (a typo) with its name', () => {
    const r = CreateMemoryRequest.safeParse({ content: 'x', catgory: 'system' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.code).toBe('unrecognized_keys');
    expect(JSON.stringify(r.error?.issues[0])).toContain('catgory');
  });

  it('enforces Omi limits: content 1-500, 25 memories per batch, 1-500 segments', () => {
    expect(CreateMemoryRequest.safeParse({ content: '' }).success).toBe(false);
    expect(CreateMemoryRequest.safeParse({ content: 'a'.repeat(500) }).success).toBe(true);
    expect(CreateMemoryRequest.safeParse({ content: 'a'.repeat(501) }).success).toBe(false);
    const memories = Array.from({ length: 26 }, (_, i) => ({ content: `m${i}` }));
    expect(CreateMemoriesBatchRequest.safeParse({ memories }).success).toBe(false);
    expect(CreateMemoriesBatchRequest.safeParse({ memories: memories.slice(0, 25) }).success).toBe(true);
    expect(CreateConversationFromSegmentsRequest.safeParse({ transcript_segments: [] }).success).toBe(false);
    expect(CreateConversationRequest.safeParse({ text: 'a'.repeat(100_001) }).success).toBe(false);
  });

  it('refuses a category Omi does not know, and accepts each one it does', () => {
    expect(CreateMemoryRequest.safeParse({ content: 'x', category: 'astrology' }).success).toBe(false);
    expect(CreateMemoryRequest.safeParse({ content: 'x', category: 'habits' }).success).toBe(true);
  });

  it('accepts datetimes with an offset, naive ones, and calendar dates; refuses garbage', () => {
    for (const due_at of [
      '2026-12-01T10:00:00Z',
      '2026-12-01T10:00:00+02:00',
      '2026-12-01T10:00:00',
      '2026-12-01',
    ]) {
      expect(CreateActionItemRequest.safeParse({ description: 'x', due_at }).success).toBe(true);
    }
    expect(CreateActionItemRequest.safeParse({ description: 'x', due_at: 'tomorrow' }).success).toBe(false);
  });

  it('accepts due_at: null on PATCH (Omi ignores it; the type allows it)', () => {
    expect(UpdateActionItemRequest.safeParse({ due_at: null }).success).toBe(true);
  });

  it('from-segments: client_session_id and its accepted aliases', () => {
    const segs = [{ text: 'hi', start: 0, end: 1 }];
    for (const key of ['client_session_id', 'client_conversation_id', 'session_id', 'client_id']) {
      expect(
        CreateConversationFromSegmentsRequest.safeParse({ transcript_segments: segs, [key]: 's-1' }).success,
      ).toBe(true);
    }
    expect(
      CreateConversationFromSegmentsRequest.safeParse({
        transcript_segments: segs,
        client_session_id: 'x'.repeat(201),
      }).success,
    ).toBe(false);
  });
});

describe('acceptUnknownKeys: the server view of a strict request', () => {
  it('drops unknown keys at every level and keeps the value rules', () => {
    const server = acceptUnknownKeys(CreateConversationFromSegmentsRequest);
    const parsed = server.parse({
      transcript_segments: [{ text: 'hi', start: 0, end: 1, confidence: 0.9 }],
      geolocation: { latitude: 1, longitude: 2, accuracy: 5 },
      future_field: true,
    });
    expect(parsed).not.toHaveProperty('future_field');
    expect(parsed.transcript_segments[0]).not.toHaveProperty('confidence');
    expect(parsed.geolocation).toEqual({ latitude: 1, longitude: 2 });
    expect(server.safeParse({ transcript_segments: [] }).success).toBe(false);
    // the original stays strict
    expect(
      CreateConversationFromSegmentsRequest.safeParse({
        transcript_segments: [{ text: 'a', start: 0, end: 1 }],
        x: 1,
      }).success,
    ).toBe(false);
  });
});

describe('keys and scopes', () => {
  it('recognises the omi_dev_ + 32 hex form only', () => {
    expect(DEV_API_KEY_PATTERN.test(`omi_dev_${'a1'.repeat(16)}`)).toBe(true);
    expect(DEV_API_KEY_PATTERN.test(`omi_dev_${'A1'.repeat(16)}`)).toBe(false);
    expect(DEV_API_KEY_PATTERN.test(`omi_mcp_${'a1'.repeat(16)}`)).toBe(false);
    expect(DEV_API_KEY_PATTERN.test('omi_dev_abc123')).toBe(false);
  });

  it('null scopes are read-only; write does not imply read', () => {
    expect(hasScope(null, 'memories:read')).toBe(true);
    expect(hasScope(null, 'memories:write')).toBe(false);
    expect(hasScope(['memories:write'], 'memories:read')).toBe(false);
  });
});
