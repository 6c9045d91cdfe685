import { ChatToolError, defineChatTool, definePlugin } from '@omi-kit/plugin';
import { ChatToolsManifest, canonicalQuery } from '@omi-kit/webhook-types';
import { chatToolRequestFixture } from '@omi-kit/webhook-types/fixtures';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { pythonSignatures } from './helpers/python-hmac.js';
import { APP_ID, SECRET, startTestServer, type TestServer } from './helpers/test-server.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const createIssue = defineChatTool({
  name: 'create_issue',
  description: 'Create a GitHub issue in the user’s default repository.',
  args: z.object({
    title: z.string().describe('The issue title'),
    body: z.string().optional(),
    priority: z.number().int().default(3),
  }),
  statusMessage: 'Creating GitHub issue...',
  run: ({ args, uid }) => {
    if (args.title === 'decline') throw new ChatToolError('No GitHub account is connected yet.');
    if (args.title === 'crash') throw new Error('database on fire');
    return { url: `https://github.com/x/y/issues/1`, title: args.title, priority: args.priority, uid };
  },
});

const searchNotes = defineChatTool({
  name: 'search_notes',
  description: 'Search the user’s notes.',
  method: 'GET',
  args: z.object({ query: z.string(), limit: z.number().int().max(50), exact: z.boolean().optional() }),
  run: ({ args }) => `found ${args.limit} for ${args.query}${args.exact ? ' (exact)' : ''}`,
});

const plugin = definePlugin({
  name: 'tools',
  chatTools: [createIssue, searchNotes],
  chatMessages: { enabled: true },
});

const call = (args: Record<string, unknown>, tool = 'create_issue') => ({
  uid: 'u1',
  app_id: APP_ID,
  tool_name: tool,
  ...args,
});

describe('chat tools', () => {
  it('serves the manifest generated from the zod args', async () => {
    t = await startTestServer(plugin);
    const r = await t.get('/.well-known/omi-tools.json');
    expect(r.status).toBe(200);
    expect(ChatToolsManifest.parse(r.body)).toEqual(r.body);
    expect(r.body).toEqual({
      tools: [
        {
          name: 'create_issue',
          description: 'Create a GitHub issue in the user’s default repository.',
          endpoint: '/tools/create_issue',
          method: 'POST',
          parameters: {
            type: 'object',
            properties: {
              title: { type: 'string', description: 'The issue title' },
              body: { type: 'string' },
              priority: {
                type: 'integer',
                default: 3,
                minimum: expect.any(Number),
                maximum: expect.any(Number),
              },
            },
            required: ['title'],
          },
          status_message: 'Creating GitHub issue...',
        },
        {
          name: 'search_notes',
          description: 'Search the user’s notes.',
          endpoint: '/tools/search_notes',
          method: 'GET',
          parameters: expect.objectContaining({ required: ['query', 'limit'] }),
        },
      ],
      chat_messages: { enabled: true },
    });
  });

  it('calls a POST tool with validated arguments and answers {result}', async () => {
    t = await startTestServer(plugin);
    const r = await t.post('/tools/create_issue', call({ title: 'Fix login' }));
    expect(r).toMatchObject({
      status: 200,
      body: { result: { title: 'Fix login', priority: 3, uid: 'u1' } },
    });
  });

  it('calls a GET tool with its arguments in the query, converting types from the schema', async () => {
    t = await startTestServer(plugin);
    const query = canonicalQuery(
      Object.entries(call({ query: 'milk', limit: '5', exact: 'true' }, 'search_notes')),
    );
    const r = await t.get(`/tools/search_notes?${query}`);
    expect(r).toMatchObject({ status: 200, body: { result: 'found 5 for milk (exact)' } });
  });

  it('answers 200 {message} for invalid arguments, declined and failing tools (errors count against app health)', async () => {
    t = await startTestServer(plugin);
    const invalid = await t.post('/tools/create_issue', call({ priority: 'high' }));
    expect(invalid.status).toBe(200);
    expect(invalid.body.message).toMatch(/^Invalid arguments for create_issue: title: .*; priority: /);
    expect((await t.post('/tools/create_issue', call({ title: 'decline' }))).body).toEqual({
      message: 'No GitHub account is connected yet.',
    });
    const crash = await t.post('/tools/create_issue', call({ title: 'crash' }));
    expect(crash).toMatchObject({
      status: 200,
      body: { message: 'create_issue failed; please try again later.' },
    });
    expect(JSON.stringify(crash.body)).not.toContain('database on fire');
  });

  it('refuses calls that are not Omi-shaped: unknown tool 404, missing uid 400, malformed JSON 400', async () => {
    t = await startTestServer(plugin);
    expect((await t.post('/tools/nope', call({}))).status).toBe(404);
    expect(
      (await t.post('/tools/create_issue', { app_id: APP_ID, tool_name: 'create_issue' })).body.error,
    ).toBe('missing_uid');
    expect((await t.post('/tools/create_issue', '{oops')).status).toBe(400);
    expect((await t.post('/tools/create_issue', { uid: 'u1' })).status).toBe(422);
  });

  describe('with a signing secret (v2)', () => {
    it('accepts calls signed by the fixture and by Python, refuses unsigned and replayed ones', async () => {
      const run = vi.fn(() => 'ok');
      const tool = defineChatTool({ name: 'ping', description: 'Ping.', run });
      t = await startTestServer(definePlugin({ name: 'signed-tools', chatTools: [tool] }), {
        env: { OMI_WEBHOOK_SECRET: SECRET },
      });
      const now = Math.floor(Date.now() / 1000);
      const signed = chatToolRequestFixture({
        secret: SECRET,
        call: call({}, 'ping') as never,
        timestamp: now,
        delivery: 'dlv-1',
      });
      expect(signed.headers['X-Omi-Signature']).toMatch(/^t=\d+,v2=[0-9a-f]{64}$/);
      const ok = await t.post(signed.url, signed.body, signed.headers);
      expect(ok).toMatchObject({ status: 200, body: { result: 'ok' } });
      // The same delivery again is a replay.
      const replay = await t.post(signed.url, signed.body, signed.headers);
      expect(replay).toMatchObject({ status: 401, body: { reason: 'replayed_delivery' } });

      const body = Buffer.from(JSON.stringify(call({}, 'ping')));
      const [v2] = pythonSignatures([
        {
          scheme: 'v2',
          secret: SECRET,
          t: now,
          delivery: 'dlv-2',
          event: 'chat_tool',
          method: 'POST',
          path: '/tools/ping',
          query: '',
          body,
        },
      ]);
      const python = await t.post('/tools/ping', body, {
        'x-omi-signature': `t=${now},v2=${v2}`,
        'x-omi-delivery': 'dlv-2',
        'x-omi-event': 'chat_tool',
      });
      expect(python).toMatchObject({ status: 200, body: { result: 'ok' } });

      const getQuery = canonicalQuery(Object.entries(call({}, 'ping')) as Array<[string, string]>);
      const [v2get] = pythonSignatures([
        {
          scheme: 'v2',
          secret: SECRET,
          t: now,
          delivery: 'dlv-3',
          event: 'chat_tool',
          method: 'GET',
          path: '/tools/ping',
          query: getQuery,
          body: '',
        },
      ]);
      const get = await t.get(`/tools/ping?${getQuery}`, {
        'x-omi-signature': `t=${now},v2=${v2get}`,
        'x-omi-delivery': 'dlv-3',
        'x-omi-event': 'chat_tool',
      });
      expect(get).toMatchObject({ status: 200, body: { result: 'ok' } });

      const unsigned = await t.post('/tools/ping', body);
      expect(unsigned).toMatchObject({
        status: 401,
        body: { error: 'invalid_signature', reason: 'missing_header' },
      });
      const webhookScheme = await t.post('/tools/ping', body, {
        'x-omi-signature': `t=${now},v1=${v2}`,
        'x-omi-delivery': 'dlv-4',
        'x-omi-event': 'chat_tool',
      });
      expect(webhookScheme.body.reason).toBe('no_signatures');
      expect(run).toHaveBeenCalledTimes(3);
    });
  });

  it('rejects bad tool definitions at definePlugin time', () => {
    const run = () => 'x';
    expect(() =>
      definePlugin({ name: 'x', chatTools: [{ name: 'has space', description: 'd', run }] }),
    ).toThrow(/chat tools do not make a valid manifest: tools\.0\.name/);
    expect(() =>
      definePlugin({
        name: 'x',
        chatTools: [
          { name: 'a', description: 'd', run },
          { name: 'a', description: 'd', run },
        ],
      }),
    ).toThrow(/duplicate tool name "a"/);
    expect(() =>
      definePlugin({ name: 'x', chatTools: [{ name: 'a', description: 'd', args: z.string(), run }] }),
    ).toThrow(/must be a z.object/);
  });
});
