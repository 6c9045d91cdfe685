import { Writable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createOmiMcpHttpServer, omiKeyAuthenticator, redactPaths } from '@omi-kit/mcp-tools';
import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RunningEmulator, startEmulator } from './support/harness.js';

let omi: RunningEmulator;
beforeAll(async () => {
  omi = await startEmulator();
});
afterAll(async () => {
  await omi?.close();
});

test('no key or token in any log line or result, at debug level, through successes and failures', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: 'trace', redact: redactPaths }, sink);
  const app = createOmiMcpHttpServer({
    authenticate: omiKeyAuthenticator({ clientOptions: { baseUrl: omi.baseUrl } }),
    logger,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/mcp`;
  const results: unknown[] = [];
  try {
    const client = new Client({ name: 'secrets', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { authorization: `Bearer ${omi.key}` } },
      }),
    );
    results.push(await client.callTool({ name: 'get_memories', arguments: { limit: 1, api_key: omi.key } }));
    results.push(await client.callTool({ name: 'delete_memory', arguments: { memory_id: 'missing' } }));
    results.push(
      await client.callTool({ name: 'get_conversations', arguments: { start_date: '2025-02-30' } }),
    );
    await client.close();
    const wrong = `omi_dev_${'9'.repeat(32)}`;
    await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${wrong}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const log = lines.join('');
    expect(log).toContain('"tool":"get_memories"');
    expect(log).toContain('"outcome":"not_found"');
    for (const secret of [omi.key, omi.key.slice('omi_dev_'.length), wrong.slice('omi_dev_'.length)]) {
      expect(log).not.toContain(secret);
      expect(JSON.stringify(results)).not.toContain(secret);
    }
  } finally {
    await app.close();
  }
});
