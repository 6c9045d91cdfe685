import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { omiToolNames } from '@omi-kit/mcp-tools';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { builtCli } from './support/built-cli.js';
import { type RunningEmulator, startEmulator } from './support/harness.js';

let omi: RunningEmulator;
let cli: string;
beforeAll(async () => {
  cli = builtCli();
  omi = await startEmulator();
}, 120_000);
afterAll(async () => {
  await omi?.close();
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    OMI_API_KEY: omi.key,
    OMI_API_BASE_URL: omi.baseUrl,
    LOG_LEVEL: 'info',
    ...extra,
  };
}

async function connect(extraEnv: Record<string, string> = {}, args: string[] = []) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, ...args],
    env: env(extraEnv),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'stdio-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

describe('omi-mcp over stdio (the built bin)', () => {
  test('lists and calls the tools; logs go to stderr only and never hold the key', async () => {
    const s = await connect();
    try {
      expect(s.client.getServerVersion()?.name).toBe('omi-kit-mcp');
      const tools = (await s.client.listTools()).tools.map((t) => t.name);
      expect(tools).toEqual([...omiToolNames]);
      const result = await s.client.callTool({ name: 'get_memories', arguments: { limit: 2 } });
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { memories: unknown[] }).memories).toHaveLength(2);
      const bad = await s.client.callTool({
        name: 'get_conversations',
        arguments: { start_date: '2025-02-30' },
      });
      expect(bad.isError).toBe(true);
      expect((bad.structuredContent as { error: { code: string } }).error.code).toBe('invalid_arguments');
    } finally {
      await s.close();
    }
    const lines = s.stderr().trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(s.stderr()).toContain('"tool":"get_memories"');
    expect(s.stderr()).not.toContain(omi.key);
    expect(s.stderr()).not.toContain(omi.key.slice(8));
  });

  test('--read-only offers only the tools that read', async () => {
    const s = await connect({}, ['--read-only']);
    try {
      const tools = (await s.client.listTools()).tools.map((t) => t.name);
      expect(tools).not.toContain('create_memory');
      expect(tools).toContain('get_memories');
    } finally {
      await s.close();
    }
  });

  test('stdout carries nothing but JSON-RPC', async () => {
    const child = spawn(process.execPath, [cli], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    const init = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    };
    child.stdin.write(`${JSON.stringify(init)}\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' })}\n`);
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (stdout.split('\n').filter(Boolean).length >= 2) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    child.stdin.end();
    await new Promise((r) => child.once('exit', r));
    const messages = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { jsonrpc: string; id: number });
    expect(messages.map((m) => [m.jsonrpc, m.id])).toEqual([
      ['2.0', 1],
      ['2.0', 2],
    ]);
  });

  test('without OMI_API_KEY it exits 1 with a message on stderr, nothing on stdout', async () => {
    const child = spawn(process.execPath, [cli], {
      env: { PATH: process.env.PATH ?? '', OMI_API_BASE_URL: omi.baseUrl },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('OMI_API_KEY');
  });
});
