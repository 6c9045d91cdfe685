import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createOmiMcpServer, omiToolNames, registerOmiTools } from '@omi-kit/mcp-tools';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  connectInMemory,
  countingClient,
  errorOf,
  type RunningEmulator,
  startEmulator,
} from './support/harness.js';

let omi: RunningEmulator;
beforeAll(async () => {
  omi = await startEmulator();
});
afterAll(async () => {
  await omi?.close();
});

async function listed(options: Parameters<typeof connectInMemory>[0]) {
  const c = await connectInMemory(options);
  try {
    return (await c.mcp.listTools()).tools.map((t) => t.name);
  } finally {
    await c.close();
  }
}

const client = (key: string) => countingClient(omi.baseUrl, key).client;

describe("tools follow the key's scopes (read with client.key.get())", () => {
  test('every scope: every tool', async () => {
    expect(await listed({ client: client(omi.key) })).toEqual([...omiToolNames]);
  });

  test('memories:read only: the two memory reads', async () => {
    const key = omi.emulator.createKey(['memories:read']);
    expect(await listed({ client: client(key) })).toEqual(['get_memories', 'search_memories']);
  });

  test('write without read: only the writes (write does not imply read)', async () => {
    const key = omi.emulator.createKey(['action_items:write']);
    expect(await listed({ client: client(key) })).toEqual([
      'create_action_item',
      'complete_action_item',
      'update_action_item',
      'delete_action_item',
    ]);
  });

  test("a key created without scopes has Omi's read-only default", async () => {
    const key = omi.emulator.createKey(null);
    expect(await listed({ client: client(key) })).toEqual([
      'get_memories',
      'get_conversations',
      'get_conversation_by_id',
      'get_conversations_by_ids',
      'search_memories',
      'get_action_items',
      'get_goals',
      'get_daily_summaries',
      'ask',
    ]);
  });

  test('a key Omi refuses: scopes unknown, tools kept, and every call says authorization_denied', async () => {
    const key = `omi_dev_${'cd'.repeat(16)}`;
    const server = createOmiMcpServer({ client: client(key) });
    const registration = await server.ready;
    expect(registration.scopes).toBeNull();
    expect(registration.scopeError?.message).toMatch(/401/);
    expect(registration.names).toEqual([...omiToolNames]);
    const c = await connectInMemory({ client: client(key) });
    try {
      expect(errorOf(await c.call('get_memories', {})).code).toBe('authorization_denied');
    } finally {
      await c.close();
    }
  });

  test('Omi not reachable at start: tools kept, calls say unavailable', async () => {
    const c = await connectInMemory({
      client: countingClient('http://127.0.0.1:1', omi.key).client,
      readOnly: true,
    });
    try {
      expect((await c.mcp.listTools()).tools.length).toBe(9);
      expect(errorOf(await c.call('get_goals', {})).code).toBe('unavailable');
    } finally {
      await c.close();
    }
  });
});

describe('explicit scopes, readOnly and tools', () => {
  test('scopes are taken as given (dots or colons), without asking Omi', async () => {
    const { client: c, requests } = countingClient(omi.baseUrl, omi.key);
    const names = await listed({ client: c, scopes: ['goals.read', 'conversations:read'] });
    expect(names).toEqual([
      'get_conversations',
      'get_conversation_by_id',
      'get_conversations_by_ids',
      'get_goals',
      'get_daily_summaries',
      'ask',
    ]);
    expect(requests).toEqual([]);
  });

  test('null is the read-only default', async () => {
    expect(await listed({ client: client(omi.key), scopes: null })).not.toContain('create_memory');
  });

  test('readOnly drops every tool that writes', async () => {
    const names = await listed({ client: client(omi.key), readOnly: true });
    expect(names).toEqual([
      'get_memories',
      'get_conversations',
      'get_conversation_by_id',
      'get_conversations_by_ids',
      'search_memories',
      'get_action_items',
      'get_goals',
      'get_daily_summaries',
      'ask',
    ]);
  });

  test('an Omi tool the scopes rule out: JSON-RPC -32003 with the scope it needs, as Omi answers', async () => {
    const c = await connectInMemory({ client: client(omi.key), scopes: ['memories:read', 'goals:read'] });
    try {
      const error = await c.call('create_memory', { content: 'x' }).then(
        () => undefined,
        (e: unknown) => e as { code: number; message: string; data?: { _meta: Record<string, string> } },
      );
      expect(error?.code).toBe(-32003);
      expect(error?.message).toContain('Missing scope: create_memory needs memories.write.');
      expect(error?.data?._meta['mcp/www_authenticate']).toBe(
        'Bearer error="insufficient_scope", scope="memories.write"',
      );
      expect((await c.call('get_goals')).isError).toBeFalsy();
    } finally {
      await c.close();
    }
  });

  test('a tool that is not listed cannot be called: JSON-RPC -32601, as Omi answers', async () => {
    const c = await connectInMemory({ client: client(omi.key), readOnly: true });
    try {
      for (const name of ['delete_memory', 'no_such_tool']) {
        const error = await c.call(name, { memory_id: 'x' }).then(
          () => undefined,
          (e: unknown) => e as { code: number; message: string },
        );
        expect(error?.code).toBe(-32601);
        expect(error?.message).toContain(`Unknown tool: ${name}`);
      }
      // A listed tool still answers through the SDK's handler.
      expect((await c.call('get_goals')).isError).toBeFalsy();
    } finally {
      await c.close();
    }
  });

  test('tools picks a subset, in the fixed order', async () => {
    const names = await listed({
      client: client(omi.key),
      scopes: null,
      tools: ['ask', 'get_memories', 'create_memory'],
    });
    expect(names).toEqual(['get_memories', 'ask']);
  });

  test('registerOmiTools on your own McpServer, next to your own tools', async () => {
    const server = new McpServer({ name: 'mine', version: '1.0.0' });
    server.registerTool('hello', { description: 'Says hello' }, async () => ({
      content: [{ type: 'text', text: 'hi' }],
    }));
    const registration = await registerOmiTools(server, {
      client: client(omi.key),
      scopes: ['memories:read'],
    });
    expect(registration.names).toEqual(['get_memories', 'search_memories']);
    expect(registration.scopes).toEqual(['memories:read']);
  });

  test('a call the key is not allowed, with scopes claimed wrongly, is still refused by Omi', async () => {
    const key = omi.emulator.createKey(['memories:read']);
    const c = await connectInMemory({ client: client(key), scopes: ['memories:write'] });
    try {
      expect(errorOf(await c.call('delete_memory', { memory_id: 'x' })).code).toBe('authorization_denied');
    } finally {
      await c.close();
    }
  });
});
