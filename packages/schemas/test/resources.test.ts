import { readFileSync } from 'node:fs';
import {
  AskResponse,
  Conversation,
  CreateConversationResponse,
  CreateMemoriesBatchResponse,
  DailySummaryList,
  DevApiKey,
  DeveloperActionItem,
  DeveloperConversation,
  DeveloperFolder,
  DeveloperGoal,
  DeveloperMemory,
  ErrorBody,
  MemorySearchResponse,
  TranscriptSegment,
} from '@omi-kit/schemas';
import { describe, expect, it } from 'vitest';

const webhookConversation = JSON.parse(
  readFileSync(new URL('./payloads/webhook-conversation.json', import.meta.url), 'utf8'),
);

describe('what Omi sends is parsed leniently', () => {
  it('parses a full conversation-created webhook body and keeps unknown keys', () => {
    const c = Conversation.parse(webhookConversation);
    expect(c.structured.category).toBe('work');
    expect(c.transcript_segments).toHaveLength(2);
    expect(c.transcript_segments[0]?.speaker_id).toBe(1);
    // keys Omi added after our model: kept, not dropped
    expect((c as Record<string, unknown>).private_cloud_sync_enabled).toBe(false);
    expect((c.structured as Record<string, unknown>).meeting_type).toBe('planning');
    expect((c.structured.action_items[0] as Record<string, unknown>).capture_kind).toBe('commitment');
    expect((c.transcript_segments[0] as Record<string, unknown>).speaker_identity_status).toBe('matched');
  });

  it('coerces unknown enum values the way Omi does', () => {
    const c = Conversation.parse({
      ...webhookConversation,
      source: 'some_new_device',
      structured: { ...webhookConversation.structured, category: 'astrology' },
    });
    expect(c.source).toBe('unknown');
    expect(c.structured.category).toBe('other');
    const m = DeveloperMemory.parse({
      id: 'm1',
      content: 'x',
      category: 'legacy_value',
      visibility: 'friends',
    });
    expect(m.category).toBe('interesting');
    expect(m.visibility).toBe('private');
  });

  it('keeps an unknown conversation status as a string instead of failing', () => {
    const c = Conversation.parse({ ...webhookConversation, status: 'archiving' });
    expect(c.status).toBe('archiving');
  });

  it('accepts a minimal conversation (every key but id may be missing)', () => {
    const c = Conversation.parse({ id: 'abc' });
    expect(c.structured).toEqual({
      title: '',
      overview: '',
      emoji: '🧠',
      category: 'other',
      action_items: [],
      events: [],
    });
    expect(c.transcript_segments).toEqual([]);
    expect(c.discarded).toBe(false);
  });

  it('refuses a conversation without an id, naming the path', () => {
    const r = Conversation.safeParse({ structured: {} });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['id']);
  });

  it('refuses a segment without start, naming the path', () => {
    const r = Conversation.safeParse({ id: 'a', transcript_segments: [{ text: 'hi', end: 1 }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['transcript_segments', 0, 'start']);
  });

  it('reads the Developer-Settings webhook extras (speaker_name, folder_name)', () => {
    const c = Conversation.parse({
      ...webhookConversation,
      folder_name: 'Work',
      transcript_segments: [{ ...webhookConversation.transcript_segments[0], speaker_name: 'Dana' }],
    });
    expect(c.folder_name).toBe('Work');
    expect(c.transcript_segments[0]?.speaker_name).toBe('Dana');
  });

  it('defaults a bare segment as pydantic does', () => {
    const s = TranscriptSegment.parse({ text: 'hello', start: 0, end: 1.5 });
    expect(s.speaker).toBe('SPEAKER_00');
    expect(s.is_user).toBe(false);
    expect(s.translations).toEqual([]);
  });
});

describe('Developer API responses, including docs-versus-code variants', () => {
  it('memory: the newest 12-field shape with null scoring (create response)', () => {
    const m = DeveloperMemory.parse({
      id: '4c0a5b9e-8f7d-4f0e-9b3c-2a1d0e9f8c7b',
      content: 'Prefers morning meetings',
      category: 'system',
      visibility: 'private',
      tags: [],
      created_at: '2026-11-28T09:00:00Z',
      updated_at: '2026-11-28T09:00:00Z',
      manually_added: true,
      reviewed: false,
      user_review: null,
      edited: false,
      scoring: null,
    });
    expect(m.scoring).toBeNull();
    expect(m.user_review).toBeNull();
  });

  it("memory: the docs' older 9-field shape with a scoring string", () => {
    const m = DeveloperMemory.parse({
      id: 'mem_xyz789',
      content: 'Likes hiking',
      category: 'interesting',
      visibility: 'private',
      tags: ['outdoors'],
      created_at: '2026-11-28T09:00:00Z',
      updated_at: '2026-11-28T09:00:00Z',
      manually_added: true,
      scoring: '01_998_1733482500',
    });
    expect(m.reviewed).toBe(false);
    expect(m.edited).toBe(false);
    expect(m.scoring).toBe('01_998_1733482500');
  });

  it('memory: the docs name three categories, the code fourteen', () => {
    for (const category of ['manual', 'hobbies', 'learnings', 'auto']) {
      expect(DeveloperMemory.parse({ id: 'x', category }).category).toBe(category);
    }
  });

  it('memory batch and search responses', () => {
    const batch = CreateMemoriesBatchResponse.parse({
      memories: [
        { id: 'a', content: 'x' },
        { id: 'a', content: 'x' },
      ],
      created_count: 2,
    });
    expect(batch.created_count).toBe(2);
    const search = MemorySearchResponse.parse({
      items: [
        { id: 'a', content: 'likes tea', category: 'interesting', relevance_score: 0.8123, source: 'x' },
      ],
      returned_count: 1,
      archive_default_visible: false,
      policy: {
        consumer: 'developer_api',
        app_has_default_memory_grant: true,
        archive_capability: false,
        raw_provenance_capability: false,
      },
    });
    expect(search.items[0]?.relevance_score).toBe(0.8123);
  });

  it('action item', () => {
    const a = DeveloperActionItem.parse({
      id: 'aB3dE5fG7hJ9kL1mN2pQ',
      description: 'Call the dentist',
      completed: false,
      created_at: '2026-11-28T09:00:00Z',
      updated_at: '2026-11-28T09:00:00Z',
      due_at: null,
      completed_at: null,
      conversation_id: null,
    });
    expect(a.id).toHaveLength(20);
  });

  it('conversation without transcript; segments lack is_user, speaker and person_id', () => {
    const base = {
      id: 'c1',
      created_at: '2026-11-28T09:14:03.221871Z',
      started_at: '2026-11-28T08:58:40Z',
      finished_at: null,
      structured: { title: 'T', overview: 'O', emoji: '🧠', category: 'work', action_items: [], events: [] },
      language: 'en',
      source: 'phone',
      geolocation: null,
      folder_id: null,
      folder_name: null,
    };
    expect(DeveloperConversation.parse(base).transcript_segments).toBeUndefined();
    const withTranscript = DeveloperConversation.parse({
      ...base,
      transcript_segments: [{ id: 's1', text: 'hi', speaker_id: 0, speaker_name: 'You', start: 0, end: 1 }],
    });
    expect(withTranscript.transcript_segments?.[0]).not.toHaveProperty('is_user');
  });

  it('conversation create response, folders (docs list category_mapping, the code drops it), goals', () => {
    expect(CreateConversationResponse.parse({ id: 'x', status: 'completed', discarded: false }).status).toBe(
      'completed',
    );
    const folder = DeveloperFolder.parse({
      id: 'f1',
      name: 'Work',
      color: '#6B7280',
      icon: 'folder',
      created_at: '2026-11-01T00:00:00Z',
      updated_at: '2026-11-01T00:00:00Z',
      category_mapping: ['work'],
    });
    expect(folder.is_system).toBe(false);
    const goal = DeveloperGoal.parse({
      id: 'goal_0123456789ab',
      goal_id: 'goal_0123456789ab',
      title: 'Run 100 km',
      desired_outcome: 'Run 100 km',
      success_criteria: [],
      status: 'focused',
      metric: { type: 'numeric', current: 12, target: 100, unit: 'km' },
      source: 'user',
      goal_type: 'numeric',
      target_value: 100,
      current_value: 12,
      min_value: 0,
      max_value: 100,
      unit: 'km',
      is_active: true,
      created_at: '2026-11-01T00:00:00Z',
      updated_at: '2026-11-01T00:00:00Z',
    });
    expect(goal.metric?.current).toBe(12);
  });

  it('daily summaries are wrapped in {summaries}', () => {
    const list = DailySummaryList.parse({
      summaries: [
        {
          id: '6f1c9b1e-3d2a-4b7c-8e9f-0a1b2c3d4e5f',
          date: '2026-11-27',
          created_at: '2026-11-27T22:00:00Z',
          headline: 'A focused day',
          overview: 'Planning and a long walk.',
          stats: { total_conversations: 4, total_duration_minutes: 95, action_items_count: 3 },
          highlights: [{ topic: 'Sprint', emoji: '🗓️', summary: 'Planned', conversation_ids: ['c1'] }],
          action_items: [{ description: 'Send checklist', priority: 'high', completed: false }],
        },
      ],
    });
    expect(list.summaries[0]?.day_emoji).toBe('📅');
    expect(list.summaries[0]?.locations).toEqual([]);
  });

  it('key record: the real key_prefix form', () => {
    const key = DevApiKey.parse({
      id: '9b2f...',
      name: 'CLI',
      key_prefix: 'omi_dev_1a2b...9f0e',
      created_at: '2026-11-01T00:00:00Z',
      last_used_at: null,
      scopes: null,
    });
    expect(key.scopes).toBeNull();
  });

  it('ask response', () => {
    const r = AskResponse.parse({
      answer: 'You agreed to ship on Friday.',
      sources: [{ id: 'c1', title: 'Sprint planning', created_at: '2026-11-28T09:14:03Z' }],
    });
    expect(r.sources).toHaveLength(1);
  });

  it('error bodies: a string, the FastAPI 422 list, and an object', () => {
    expect(ErrorBody.parse({ detail: 'Invalid API Key' }).detail).toBe('Invalid API Key');
    const v = ErrorBody.parse({
      detail: [
        {
          type: 'string_too_long',
          loc: ['body', 'content'],
          msg: 'String should have at most 500 characters',
          input: 'x',
          ctx: { max_length: 500 },
        },
      ],
    });
    expect(Array.isArray(v.detail)).toBe(true);
    const o = ErrorBody.parse({
      detail: { code: 'developer_memory_access_not_ready', reason: 'missing_rollout_state' },
    });
    expect((o.detail as Record<string, unknown>).code).toBe('developer_memory_access_not_ready');
  });
});
