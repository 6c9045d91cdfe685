import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RunningEmulator, startEmulator } from './support/harness.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
let omi: RunningEmulator;
let dir: string;
beforeAll(async () => {
  omi = await startEmulator();
  dir = mkdtempSync(join(packageDir, 'test', '.readme-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await omi?.close();
});

test("the README's first example runs: a stdio server an MCP client can use", async () => {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
  const file = join(dir, 'example.ts');
  writeFileSync(file, example);
  const client = new Client({ name: 'readme', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', file],
      cwd: packageDir,
      env: { PATH: process.env.PATH ?? '', OMI_API_KEY: omi.key, OMI_API_BASE_URL: omi.baseUrl },
      stderr: 'ignore',
    }),
  );
  try {
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('get_memories');
    expect(names).not.toContain('create_memory');
    const result = await client.callTool({ name: 'get_goals', arguments: {} });
    expect(result.isError).toBeFalsy();
  } finally {
    await client.close();
  }
}, 60_000);
