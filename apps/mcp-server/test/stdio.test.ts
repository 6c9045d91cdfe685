import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createEmulator, type Emulator } from '@omi-kit/emulator';
import { afterAll, beforeAll, expect, test } from 'vitest';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
let emulator: Emulator;
let baseUrl: string;
beforeAll(async () => {
  emulator = createEmulator({ seed: true, rateLimitBoost: 1000 });
  baseUrl = await emulator.listen({ port: 0 });
});
afterAll(async () => {
  await emulator?.close();
});

test('MCP_TRANSPORT=stdio on the emulator without a key: the server mints one and serves on stdio', async () => {
  const client = new Client({ name: 'app-stdio', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', join(appDir, 'src', 'main.ts')],
      cwd: appDir,
      env: {
        PATH: process.env.PATH ?? '',
        MCP_TRANSPORT: 'stdio',
        OMI_API_BASE_URL: baseUrl,
        OMI_MCP_READ_ONLY: 'true',
        LOG_LEVEL: 'warn',
      },
      stderr: 'ignore',
    }),
  );
  try {
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('get_daily_summaries');
    expect(names).not.toContain('create_action_item');
    const result = await client.callTool({ name: 'get_memories', arguments: { limit: 2 } });
    expect((result.structuredContent as { memories: unknown[] }).memories).toHaveLength(2);
  } finally {
    await client.close();
  }
}, 60_000);
