import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INTERNAL_ERROR_MESSAGE, type ToolCallEvent } from '@omi-kit/mcp-tools';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  type Connected,
  connectInMemory,
  countingClient,
  errorOf,
  type RunningEmulator,
  startEmulator,
} from './support/harness.js';

let omi: RunningEmulator;
const open: Connected[] = [];
beforeAll(async () => {
  omi = await startEmulator();
});
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  await fetch(`${omi.baseUrl}/_emulator/switches`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rate_limiter_unavailable: false, search_unavailable: false }),
  });
});
afterAll(async () => {
  await omi?.close();
});

async function connect(key: string, options: { scopes?: string[] | null; baseUrl?: string } = {}) {
  const events: ToolCallEvent[] = [];
  const { client, requests } = countingClient(options.baseUrl ?? omi.baseUrl, key);
  const c = await connectInMemory({
    client,
    scopes:
      options.scopes === undefined
        ? ['memories:read', 'memories:write', 'conversations:read', 'goals:read']
        : options.scopes,
    onToolCall: (e) => events.push(e),
  });
  open.push(c);
  return { c, requests, events };
}

async function adminPut(path: string, body: unknown) {
  const r = await fetch(`${omi.baseUrl}${path}`, {
    method: path.includes('locks') ? 'POST' : 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(r.status).toBe(200);
}

describe('errors from the Developer API become isError results with stable codes', () => {
  test('401 (an unknown key) is authorization_denied, without the key', async () => {
    const key = `omi_dev_${'ab'.repeat(16)}`;
    const { c } = await connect(key);
    const result = await c.call('get_memories', {});
    const error = errorOf(result);
    expect(error.code).toBe('authorization_denied');
    expect(error.message).toContain('401');
    expect(JSON.stringify(result)).not.toContain(key);
    expect(JSON.stringify(result)).not.toContain(key.slice(8));
  });

  test('403 (a scope the key lacks) is authorization_denied, naming the scope', async () => {
    const key = omi.emulator.createKey(['memories:read']);
    const { c } = await connect(key);
    const error = errorOf(await c.call('create_memory', { content: 'Alex likes tea' }));
    expect(error.code).toBe('authorization_denied');
    expect(error.message).toContain('memories:write');
  });

  test('429 is rate_limited with retry_after, at once (no waiting for the window)', async () => {
    const limited = await startEmulator({ rateLimitBoost: 0.001 });
    try {
      const { c } = await connect(limited.key, { baseUrl: limited.baseUrl });
      expect((await c.call('get_memories', {})).isError).toBeFalsy();
      const started = Date.now();
      const error = errorOf(await c.call('get_memories', {}));
      expect(Date.now() - started).toBeLessThan(2000);
      expect(error.code).toBe('rate_limited');
      expect(error.retry_after).toBeGreaterThan(0);
      expect(error.message).toMatch(/Retry in \d+ s/);
    } finally {
      await limited.close();
    }
  });

  test('503 (rate limiter unavailable) is unavailable', async () => {
    await adminPut('/_emulator/switches', { rate_limiter_unavailable: true });
    const { c } = await connect(omi.key);
    const error = errorOf(await c.call('get_memories', {}));
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('503');
  });

  test('503 from ask (search down) is unavailable', async () => {
    await adminPut('/_emulator/switches', { search_unavailable: true });
    const { c } = await connect(omi.key);
    expect(errorOf(await c.call('ask', { question: 'What did I do?' })).code).toBe('unavailable');
  });

  test('402 (a locked memory) is paid_plan_required', async () => {
    const { c } = await connect(omi.key);
    const created = await c.call('create_memory', { content: 'A memory that gets locked' });
    const id = (created.structuredContent as { memory: { id: string } }).memory.id;
    await adminPut('/_emulator/locks', { resource: 'memory', id, locked: true });
    const error = errorOf(await c.call('edit_memory', { memory_id: id, content: 'changed' }));
    expect(error.code).toBe('paid_plan_required');
  });

  test('Omi unreachable is unavailable', async () => {
    const { c } = await connect(omi.key, { baseUrl: 'http://127.0.0.1:1' });
    expect(errorOf(await c.call('get_goals', {})).code).toBe('unavailable');
  });
});

describe('internal', () => {
  let fault: Server;
  let faultUrl: string;
  beforeAll(async () => {
    // A 500 with a body that must not reach the assistant, and a 200 that is not JSON.
    fault = createServer((req, res) => {
      if (req.url?.startsWith('/v1/dev/user/goals')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{not json');
        return;
      }
      res.writeHead(500, { 'content-type': 'text/plain' }).end('Traceback: secret stack');
    });
    await new Promise<void>((r) => fault.listen(0, '127.0.0.1', r));
    faultUrl = `http://127.0.0.1:${(fault.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => fault.close(() => r())));

  test('a 500 or a malformed answer is internal, with a generic message; the cause is only in the event', async () => {
    const { c, events } = await connect(omi.key, { baseUrl: faultUrl });
    const a = await c.call('get_memories', {});
    const b = await c.call('get_goals', {});
    for (const r of [a, b]) {
      expect(errorOf(r)).toEqual({ code: 'internal', message: INTERNAL_ERROR_MESSAGE });
      expect(JSON.stringify(r)).not.toContain('Traceback');
    }
    expect(events.map((e) => e.outcome)).toEqual(['internal', 'internal']);
    expect(events[0]!.cause).toBeInstanceOf(Error);
  });
});

describe('the tool-call event', () => {
  test('names the tool, the outcome and the time, never the arguments', async () => {
    const { c, events } = await connect(omi.key);
    await c.call('search_memories', { query: 'a secret question about the user' });
    await c.call('get_conversations', { start_date: 'yesterday' });
    expect(events.map((e) => [e.tool, e.outcome])).toEqual([
      ['search_memories', 'ok'],
      ['get_conversations', 'invalid_arguments'],
    ]);
    expect(JSON.stringify(events)).not.toContain('secret question');
    expect(events[0]!.durationMs).toBeGreaterThan(0);
  });
});
