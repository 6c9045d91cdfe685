import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createEmulator, type Emulator } from '@omi-kit/emulator';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../src/config.js';
import { type RunningServer, startServer } from '../src/start.js';

let emulator: Emulator;
let baseUrl: string;
const silent = pino({ level: 'silent' });
beforeAll(async () => {
  emulator = createEmulator({ seed: true, rateLimitBoost: 1000 });
  baseUrl = await emulator.listen({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

/** A port nothing listens on now (taken from the OS, then released). */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

async function mcpClient(url: string, token: string) {
  const client = new Client({ name: 'app-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

describe('the reference deployment', () => {
  let server: RunningServer;
  afterAll(async () => {
    await server?.close();
  });

  test('default: callers bring their own omi_dev_ key', async () => {
    server = await startServer(loadConfig({ OMI_API_BASE_URL: baseUrl, PORT: '0' }), silent);
    expect(server.auth).toBe('omi-key');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const client = await mcpClient(server.url, emulator.createKey(['memories:read']));
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['get_memories', 'search_memories']);
    const result = await client.callTool({ name: 'get_memories', arguments: { limit: 1 } });
    expect(result.isError).toBeFalsy();
    await client.close();
  });

  test('MCP_AUTH_TOKENS without OMI_API_KEY on the emulator: the server mints its own key', async () => {
    const token = 'a-random-token-of-enough-length-0123456789';
    const tokens = await startServer(
      loadConfig({ OMI_API_BASE_URL: baseUrl, PORT: '0', MCP_AUTH_TOKENS: token, OMI_MCP_READ_ONLY: 'true' }),
      silent,
    );
    try {
      expect(tokens.auth).toBe('tokens');
      const client = await mcpClient(tokens.url, token);
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('ask');
      expect(names).not.toContain('delete_memory');
      await client.close();
    } finally {
      await tokens.close();
    }
  });

  test('tolerates Omi starting later: 503 with Retry-After until it answers', async () => {
    const late = createEmulator({ seed: true });
    const port = await freePort();
    const lateUrl = `http://127.0.0.1:${port}`;
    const s = await startServer(
      loadConfig({ OMI_API_BASE_URL: lateUrl, PORT: '0', OMI_WAIT_MS: '0' }),
      silent,
    );
    try {
      const key = late.createKey();
      const post = () =>
        fetch(s.url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
        });
      const before = await post();
      expect(before.status).toBe(503);
      expect(before.headers.get('retry-after')).toBeTruthy();
      await late.listen({ port });
      const after = await post();
      expect(after.status).toBe(200);
      expect(((await after.json()) as { result: { tools: unknown[] } }).result.tools.length).toBeGreaterThan(
        10,
      );
    } finally {
      await s.close();
      await late.close();
    }
  });
});
