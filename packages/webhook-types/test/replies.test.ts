import {
  ChatToolReply,
  ChatToolsManifest,
  defineChatToolsManifest,
  ProactiveNotification,
  parseChatToolCall,
  reply,
  SetupCompletedReply,
  WebhookReply,
} from '@omi-kit/webhook-types';
import { chatToolCallFixture } from '@omi-kit/webhook-types/fixtures';
import { describe, expect, it } from 'vitest';
import { ZodError, z } from 'zod';

describe('reply builders', () => {
  it('build the bodies Omi reads, each valid against its schema', () => {
    expect(reply.message('✅ Task created')).toEqual({ message: '✅ Task created' });
    expect(reply.silent()).toEqual({});
    expect(reply.setupCompleted(true)).toEqual({ is_setup_completed: true });
    const proactive = reply.proactive({
      prompt: 'Remind {{user_name}} of {{user_facts}}',
      params: ['user_name', 'user_facts'],
      context: {
        question: 'what did I promise?',
        filters: { people: ['Dana'], topics: [], entities: [], dates: [] },
      },
    });
    expect(proactive.notification?.params).toEqual(['user_name', 'user_facts']);
    for (const body of [reply.message('hi'), reply.silent(), proactive])
      expect(WebhookReply.parse(body)).toEqual(body);
    expect(SetupCompletedReply.parse(reply.setupCompleted(false))).toEqual({ is_setup_completed: false });
    expect(ChatToolReply.parse(reply.toolResult({ count: 2 }))).toEqual({ result: { count: 2 } });
    expect(ChatToolReply.parse(reply.toolError('Not connected to GitHub'))).toEqual({
      error: 'Not connected to GitHub',
    });
  });

  it('refuse what Omi would mishandle', () => {
    expect(() => reply.proactive({ prompt: 'x'.repeat(128_001) })).toThrow(ZodError);
    expect(() => reply.proactive({ prompt: 'hi', params: ['user_secrets' as 'user_name'] })).toThrow(
      ZodError,
    );
    expect(() => reply.toolResult(null)).toThrow(/None/);
    expect(ChatToolReply.safeParse({ result: null, error: 'x' }).success).toBe(false);
    expect(WebhookReply.safeParse({ mesage: 'typo' }).success).toBe(false);
    expect(ProactiveNotification.safeParse({ prompt: '' }).success).toBe(false);
  });
});

describe('chat tools', () => {
  const manifest = {
    tools: [
      {
        name: 'create_issue',
        description: 'Create a GitHub issue',
        endpoint: '/tools/create_issue',
        parameters: {
          properties: { title: { type: 'string', description: 'Issue title' }, labels: { type: 'array' } },
          required: ['title'],
        },
        auth_required: true,
        status_message: 'Creating GitHub issue...',
      },
      {
        name: 'search_notes',
        description: 'Search notes',
        endpoint: 'https://x.example/s',
        method: 'GET' as const,
      },
    ],
    chat_messages: { enabled: true, target: 'app' as const, notify: true },
  };

  it('validates a manifest and fills method POST', () => {
    const parsed = defineChatToolsManifest(manifest);
    expect(parsed.tools.map((t) => t.method)).toEqual(['POST', 'GET']);
    expect(z.toJSONSchema(ChatToolsManifest, { io: 'input' })).toMatchObject({ type: 'object' });
  });

  it('refuses typos, bad names, duplicates and required names missing from properties', () => {
    const tool = manifest.tools[0]!;
    const cases = [
      { tools: [{ ...tool, status_mesage: 'typo' }] },
      { tools: [{ ...tool, name: 'create issue' }] },
      { tools: [tool, tool] },
      { tools: [{ ...tool, parameters: { properties: {}, required: ['title'] } }] },
      { tools: [{ ...tool, method: 'FETCH' }] },
      { tools: [{ name: 'x', endpoint: '/x' }] },
    ];
    for (const bad of cases) expect(() => defineChatToolsManifest(bad as never)).toThrow(ZodError);
  });

  it('splits a call into Omi keys and tool arguments, from a body or a GET query', () => {
    const body = chatToolCallFixture({ args: { title: 'Bug', labels: ['a', 'b'] }, geolocation: true });
    const call = parseChatToolCall(body, z.strictObject({ title: z.string(), labels: z.array(z.string()) }));
    expect(call).toMatchObject({
      uid: 'fixture-uid',
      toolName: 'search_notes',
      args: { title: 'Bug', labels: ['a', 'b'] },
    });
    expect(call.geolocation?.latitude).toBeTypeOf('number');
    const get = parseChatToolCall(
      '?uid=u1&app_id=A&tool_name=search_notes&query=caf%C3%A9&limit=5&tags=b&tags=a',
      z.object({ query: z.string(), limit: z.coerce.number(), tags: z.array(z.string()) }),
    );
    expect(get).toEqual({
      uid: 'u1',
      appId: 'A',
      toolName: 'search_notes',
      geolocation: null,
      args: { query: 'café', limit: 5, tags: ['b', 'a'] },
    });
    expect(parseChatToolCall(new URLSearchParams('uid=u&app_id=a&tool_name=t&x=1').toString()).args).toEqual({
      x: '1',
    });
    expect(() => parseChatToolCall({ uid: 'u', app_id: 'a' })).toThrow(ZodError);
  });
});
