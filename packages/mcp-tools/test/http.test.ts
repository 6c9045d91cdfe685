import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createOmiClient } from '@omi-kit/api-client';
import {
  createOmiMcpHttpServer,
  omiKeyAuthenticator,
  omiToolNames,
  staticTokenAuthenticator,
} from '@omi-kit/mcp-tools';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningEmulator, startEmulator } from './support/harness.js';

let omi: RunningEmulator;
let app: FastifyInstance;
let url: string;
beforeAll(async () => {
  omi = await startEmulator();
  app = createOmiMcpHttpServer({
    authenticate: omiKeyAuthenticator({ clientOptions: { baseUrl: omi.baseUrl } }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  url = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await app?.close();
  await omi?.close();
});

async function connect(token: string, base = url) {
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'http-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

describe('Streamable HTTP, each caller with their own omi_dev_ key', () => {
  test('lists and calls every tool the key allows', async () => {
    const client = await connect(omi.key);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual([...omiToolNames]);
      const result = await client.callTool({ name: 'search_memories', arguments: { query: 'marathon' } });
      expect(result.isError).toBeFalsy();
      const bad = await client.callTool({ name: 'get_memories', arguments: { categories: ['nope'] } });
      expect((bad.structuredContent as { error: { code: string } }).error.code).toBe('invalid_arguments');
    } finally {
      await client.close();
    }
  });

  test("a narrower key sees only its tools (the key's own scopes)", async () => {
    const client = await connect(omi.emulator.createKey(['goals:read']));
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['get_goals']);
    } finally {
      await client.close();
    }
  });

  test('no token: 401 with a Bearer challenge naming the RFC 9728 metadata', async () => {
    const r = await fetch(`${url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(r.status).toBe(401);
    const challenge = r.headers.get('www-authenticate')!;
    expect(challenge).toBe(`Bearer resource_metadata="${url}/.well-known/oauth-protected-resource/mcp"`);
    const metadata = (await (
      await fetch(`${url}/.well-known/oauth-protected-resource/mcp`)
    ).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({ resource: `${url}/mcp`, bearer_methods_supported: ['header'] });
    expect(await (await fetch(`${url}/.well-known/oauth-protected-resource`)).json()).toEqual(metadata);
  });

  test('a wrong token: 401 invalid_token, and the SDK client fails to connect', async () => {
    const r = await fetch(`${url}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer omi_dev_${'0'.repeat(32)}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toContain('error="invalid_token"');
    await expect(connect('not-a-key')).rejects.toThrow();
  });

  test("GET is 405, HEAD probes the credentials, DELETE is 204 (stateless), as Omi's server", async () => {
    const as = (method: string, token?: string) =>
      fetch(`${url}/mcp`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
    const get = await as('GET', omi.key);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, HEAD, DELETE');

    expect((await as('HEAD', omi.key)).status).toBe(200);
    const anonymous = await as('HEAD');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(
      /^Bearer resource_metadata="http:\/\/[^"]+\/\.well-known\/oauth-protected-resource\/mcp"$/,
    );
    const wrong = await as('HEAD', `omi_dev_${'cd'.repeat(16)}`);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');

    expect((await as('DELETE', omi.key)).status).toBe(204);
  });

  test('Host and Origin are checked before anything else (DNS rebinding)', async () => {
    const post = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/mcp',
        headers: { 'content-type': 'application/json', ...headers },
        payload: '{}',
      });
    expect((await post({ host: 'evil.example:80' })).statusCode).toBe(403);
    expect((await post({ host: '127.0.0.1:1234', origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await post({ host: 'localhost:1234', origin: 'http://localhost:5173' })).statusCode).toBe(401);
    expect((await post({ host: '[::1]:1234' })).statusCode).toBe(401);
  });

  test('JSON-RPC over plain POSTs: batches, notifications (202), and refusals in JSON-RPC terms', async () => {
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${url}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${omi.key}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        body,
      });
    const batch = await post(
      JSON.stringify([
        { jsonrpc: '2.0', id: 'a', method: 'ping' },
        { jsonrpc: '2.0', method: 'notifications/initialized' },
        { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'get_goals', arguments: {} } },
      ]),
    );
    expect(batch.status).toBe(200);
    const answers = (await batch.json()) as {
      id: string | number;
      result: { structuredContent?: unknown };
    }[];
    expect(answers.map((a) => a.id)).toEqual(['a', 7]);
    expect(answers[1]!.result.structuredContent).toHaveProperty('goals');

    const note = await post(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    expect(note.status).toBe(202);

    const unknown = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'nope/nothing' }));
    expect(((await unknown.json()) as { error: { code: number } }).error.code).toBe(-32601);

    const unknownTool = await post(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'nope', arguments: {} },
      }),
    );
    expect(unknownTool.status).toBe(200);
    for (const params of [{}, { name: 7 }]) {
      const bad = await post(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params }));
      const answer = (await bad.json()) as { error: { code: number; message: string } };
      expect(answer.error.code).toBe(-32602);
      expect(answer.error.message).toContain('Invalid tools/call request');
    }
    // Params that are not an object: answered -32602 (the SDK would drop such a message unanswered),
    // also within a batch, next to a request that is answered as usual.
    for (const params of [[], 'get_goals', 7, null]) {
      const bad = await post(
        JSON.stringify([
          { jsonrpc: '2.0', id: 'bad', method: 'tools/call', params },
          { jsonrpc: '2.0', method: 'notifications/initialized', params },
          { jsonrpc: '2.0', id: 'ok', method: 'ping' },
        ]),
      );
      expect(bad.status).toBe(200);
      expect(await bad.json()).toEqual([
        {
          jsonrpc: '2.0',
          id: 'bad',
          error: { code: -32602, message: 'Invalid params: MCP takes params as an object (or none).' },
        },
        { jsonrpc: '2.0', id: 'ok', result: {} },
      ]);
    }
    expect(await unknownTool.json()).toEqual({
      jsonrpc: '2.0',
      id: 2,
      error: { code: -32601, message: 'Unknown tool: nope' },
    });

    const badJson = await post('{"jsonrpc":');
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: { code: number } }).error.code).toBe(-32700);

    const envelope = await post(JSON.stringify({ id: 1, method: 'ping' }));
    expect(envelope.status).toBe(400);
    expect(((await envelope.json()) as { error: { code: number } }).error.code).toBe(-32600);

    const sameIds = await post(
      JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'ping' },
        { jsonrpc: '2.0', id: 1, method: 'ping' },
      ]),
    );
    expect(sameIds.status).toBe(400);

    const tooMany = await post(
      JSON.stringify(Array.from({ length: 21 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'ping' }))),
    );
    expect(tooMany.status).toBe(400);

    const version = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }), {
      'mcp-protocol-version': '1999-01-01',
    });
    expect(version.status).toBe(400);
    const refused = (await version.json()) as { error: { code: number; data: Record<string, unknown> } };
    expect(refused.error.code).toBe(-32022);
    expect(refused.error.data.requested).toBe('1999-01-01');
    expect(refused.error.data.supported).toContain('2025-06-18');

    expect((await post('{}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect(
      (await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }), { accept: 'text/html' })).status,
    ).toBe(406);
  });

  test('concurrent calls from one key each get their own answer', async () => {
    const client = await connect(omi.key);
    try {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          client.callTool({ name: 'get_memories', arguments: { limit: 1, offset: i } }),
        ),
      );
      const ids = results.map(
        (r) => (r.structuredContent as { memories: { id: string }[]; offset: number }).offset,
      );
      expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => i));
    } finally {
      await client.close();
    }
  });

  test('Omi unreachable while checking a key: 503 with Retry-After', async () => {
    const down = createOmiMcpHttpServer({
      authenticate: omiKeyAuthenticator({ clientOptions: { baseUrl: 'http://127.0.0.1:1', maxRetries: 0 } }),
    });
    const r = await down.inject({
      method: 'POST',
      url: '/mcp',
      headers: { host: 'localhost', authorization: `Bearer ${omi.key}`, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(r.statusCode).toBe(503);
    expect(r.headers['retry-after']).toBe('30');
    await down.close();
  });
});

describe('Streamable HTTP with the server key and static tokens', () => {
  test('a configured token works; the Omi key is not accepted as a token', async () => {
    const token = 'a-long-random-token-for-this-server-0123456789';
    const server = createOmiMcpHttpServer({
      authenticate: staticTokenAuthenticator({
        tokens: [token],
        client: createOmiClient({ apiKey: omi.key, baseUrl: omi.baseUrl }),
      }),
      readOnly: true,
      publicUrl: 'https://mcp.example.com',
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;
    try {
      const client = await connect(token, base);
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('get_memories');
      expect(names).not.toContain('create_memory');
      await client.close();
      await expect(connect(omi.key, base)).rejects.toThrow();
      const r = await server.inject({
        method: 'POST',
        url: '/mcp',
        headers: { host: 'mcp.example.com' },
        payload: {},
      });
      expect(r.headers['www-authenticate']).toBe(
        'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"',
      );
    } finally {
      await server.close();
    }
  });

  test('binding a public address without allowed hosts is refused', () => {
    expect(() =>
      createOmiMcpHttpServer({
        host: '0.0.0.0',
        authenticate: staticTokenAuthenticator({
          tokens: ['t'],
          client: createOmiClient({ apiKey: omi.key }),
        }),
      }),
    ).toThrow(/MCP_ALLOWED_HOSTS/);
  });
});

describe('a client that goes away', () => {
  test('cancels the tool call and the request to Omi', async () => {
    const { createServer } = await import('node:http');
    let upstreamClosed = false;
    const slowOmi = createServer((req, res) => {
      req.socket.once('close', () => {
        upstreamClosed = true;
      });
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'), 3000);
    });
    await new Promise<void>((r) => slowOmi.listen(0, '127.0.0.1', r));
    const slowUrl = `http://127.0.0.1:${(slowOmi.address() as { port: number }).port}`;
    const outcomes: string[] = [];
    const server = createOmiMcpHttpServer({
      authenticate: staticTokenAuthenticator({
        tokens: ['token-for-the-slow-server-0123456789'],
        client: createOmiClient({ apiKey: omi.key, baseUrl: slowUrl, maxRetries: 0 }),
        scopes: ['goals:read'],
      }),
      onToolCall: (e) => outcomes.push(e.outcome),
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const mcpUrl = `http://127.0.0.1:${(server.server.address() as { port: number }).port}/mcp`;
    try {
      const aborter = new AbortController();
      const pending = fetch(mcpUrl, {
        method: 'POST',
        signal: aborter.signal,
        headers: {
          authorization: 'Bearer token-for-the-slow-server-0123456789',
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'get_goals', arguments: {} },
        }),
      });
      setTimeout(() => aborter.abort(), 200);
      await expect(pending).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 300));
      expect(upstreamClosed).toBe(true);
      expect(outcomes).toEqual(['cancelled']);
    } finally {
      await server.close();
      slowOmi.closeAllConnections();
      await new Promise<void>((r) => slowOmi.close(() => r()));
    }
  });
});
