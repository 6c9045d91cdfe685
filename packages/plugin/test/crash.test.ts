import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { conversationFixture } from '@omi-kit/webhook-types/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePlugin } from './processes/bundle-plugin.js';

const here = dirname(fileURLToPath(import.meta.url));
let bundle: string;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  bundle = await bundlePlugin();
  dir = mkdtempSync(join(tmpdir(), 'omi-plugin-crash-'));
});
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  if (bundle) rmSync(bundle, { force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function startPlugin(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [join(here, 'processes', 'crash-plugin.mjs'), bundle], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      OMI_APP_ID: 'app_crash',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('{"port"')) resolve({ child, port: JSON.parse(line).port });
    });
    child.once('exit', (code) => reject(new Error(`plugin process exited with ${code} before listening`)));
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

async function waitForLine(file: string, pattern: RegExp, timeoutMs = 10_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    if (lines.some((line) => pattern.test(line))) return lines;
    if (Date.now() > deadline) throw new Error(`no line matching ${pattern} in ${JSON.stringify(lines)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const post = (port: number, body: string) =>
  fetch(`http://127.0.0.1:${port}/webhooks/conversation?uid=u1`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-omi-idempotency-key': `conversation:${JSON.parse(body).id}:finalization`,
    },
    body,
  });

describe('crash between enqueue and ack', () => {
  it('a SIGKILLed plugin’s job runs again after restart, and its side effect happens once', async () => {
    const effects = join(dir, 'effects.log');
    writeFileSync(effects, '');
    const env = { STORAGE_URL: `sqlite:${join(dir, 'plugin.db')}`, EFFECTS_FILE: effects };
    const body = JSON.stringify(conversationFixture({ seed: 51, targetBytes: 20_000 }));
    const id = JSON.parse(body).id as string;

    const doomed = await startPlugin({ ...env, HANG: '1' });
    const first = await post(doomed.port, body);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({});
    await waitForLine(effects, new RegExp(`^start ${id} attempt 1`));
    doomed.child.kill('SIGKILL');
    expect(await exitOf(doomed.child)).toEqual({ code: null, signal: 'SIGKILL' });

    const restarted = await startPlugin(env);
    const lines = await waitForLine(effects, new RegExp(`^done ${id}$`));
    expect(lines[1]).toMatch(new RegExp(`^start ${id} attempt 2 pid ${restarted.child.pid}$`));
    // Omi replays the delivery (same idempotency key): acknowledged, not run again.
    const replay = await post(restarted.port, body);
    expect(replay.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    restarted.child.kill('SIGTERM');
    expect(await exitOf(restarted.child)).toEqual({ code: 0, signal: null });

    const final = readFileSync(effects, 'utf8').split('\n').filter(Boolean);
    expect(final.filter((line) => line === `done ${id}`)).toHaveLength(1);
    expect(final.filter((line) => line.startsWith('start'))).toHaveLength(2);
  });
});
