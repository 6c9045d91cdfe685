import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { OmiHeaderLower, verify } from '@omi-kit/webhook-types';
import { conversationFixture } from '@omi-kit/webhook-types/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, documentIdFromSeed } from '../src/index.js';
import { useReceiver } from './support/receiver.js';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..');
const root = join(packageDir, '..', '..');
const bin = join(packageDir, 'dist', 'cli.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  lines: string[];
}

/** Runs the built bin to completion, without blocking this process (the receiver lives here). */
function run(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({ status, stdout, stderr, lines: stdout.split('\n').filter((l) => l.length > 0) }),
    );
  });
}

const dir = mkdtempSync(join(tmpdir(), 'omi-trigger-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const json = (r: { body: Buffer }) => JSON.parse(r.body.toString('utf8'));

describe('omi-emulator trigger / replay (built bin)', () => {
  const plugin = useReceiver();

  beforeAll(() => {
    // Turbo's cache makes this instant when dist is up to date with src.
    const turbo = join(root, 'node_modules', '.bin', 'turbo');
    const result = spawnSync(
      turbo,
      ['run', 'build', '--filter=@omi-kit/emulator', '--output-logs=errors-only'],
      { cwd: root, encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
    expect(existsSync(bin)).toBe(true);
  }, 240_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trigger conversation: one delivery, prints status, latency and reply; exit 0', async () => {
    plugin.respond = () => ({ status: 200, body: { message: 'Saved' } });
    const r = await run(['trigger', 'conversation', '--to', `${plugin.url}/webhooks/conversation`]);
    expect(r.status, r.stderr).toBe(0);
    expect(plugin.requests).toHaveLength(1);
    const got = plugin.requests[0]!;
    const body = json(got);
    const key = `conversation:${body.id}:finalization`;
    expect(got.url).toBe('/webhooks/conversation?uid=emulator-user');
    expect(got.headers[OmiHeaderLower.idempotencyKey]).toBe(key);
    expect(body.structured.title).toBeTruthy();
    expect(body.transcript_segments.length).toBeGreaterThan(5);
    expect(r.lines[0]).toBe(
      `--> memory_created POST ${plugin.url}/webhooks/conversation?uid=emulator-user  unsigned  X-Omi-Idempotency-Key: ${key}`,
    );
    expect(r.lines[1]).toMatch(
      /^<-- \[200\] memory_created {2}\d+(\.\d)? ms {2}attempt 1\/4 {2}reply: \{"message":"Saved"\}$/,
    );
    expect(r.lines).toHaveLength(2);
  });

  it('--secret signs; --uid goes in the query and the signature', async () => {
    const secret = 'whsec_cli_secret';
    const r = await run([
      'trigger',
      'conversation',
      '--to',
      `${plugin.url}/h?k=1`,
      '--uid',
      'user-9',
      '--secret',
      secret,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.lines[0]).toContain('  signed  ');
    const got = plugin.requests[0]!;
    expect(got.url).toBe('/h?k=1&uid=user-9');
    verify({ headers: got.headers, body: got.body, uid: 'user-9', secret });
    expect(got.headers[OmiHeaderLower.event]).toBe('memory_created');
  });

  it('retries a 503 with the same key, one line per attempt, and exits 0 once the plugin answers 2xx', async () => {
    plugin.respond = (_r, n) => (n === 0 ? { status: 503, body: 'warming up' } : { status: 200, body: {} });
    const r = await run(['trigger', 'conversation', '--to', plugin.url]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.lines[1]).toMatch(
      /^<-- \[503\] memory_created .*attempt 1\/4 {2}reply: "warming up" .*retrying in 1 s with the same X-Omi-Idempotency-Key$/,
    );
    expect(r.lines[2]).toMatch(/^<-- \[200\] memory_created .*attempt 2\/4 {2}reply: \{\}$/);
    const [a, b] = plugin.requests;
    expect(a!.headers[OmiHeaderLower.idempotencyKey]).toBe(b!.headers[OmiHeaderLower.idempotencyKey]);
  });

  it('exits 1 when the plugin does not answer 2xx (--no-retry: a single attempt)', async () => {
    plugin.respond = () => ({ status: 500, body: { error: 'boom' } });
    const r = await run(['trigger', 'conversation', '--to', plugin.url, '--no-retry']);
    expect(r.status).toBe(1);
    expect(r.lines[1]).toMatch(
      /^<-- \[500\] memory_created .*attempt 1\/1 {2}reply: \{"error":"boom"\} {2}Answered 500; Omi needs a 2xx\.$/,
    );
    expect(plugin.requests).toHaveLength(1);
  });

  it.concurrent.each([
    [['trigger', 'memory', '--to', 'http://127.0.0.1:1'], /unknown event "memory"/],
    [['replay', 'sprint-planning', '--to', 'localhost:3000'], /--to must be an http/],
  ])('%j exits 2 with a clear message and the usage', async (args, message) => {
    const r = await run(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Usage: omi-emulator');
    expect(r.stdout).toBe('');
  });

  it('replay <seeded conversation> --speed 0: every flush in order, then the conversation; exit 0', async () => {
    plugin.respond = (request) =>
      request.headers[OmiHeaderLower.idempotencyKey]
        ? { status: 200, body: {} }
        : { status: 200, body: { message: 'noted' } };
    const r = await run([
      'replay',
      'sprint-planning',
      '--to',
      `${plugin.url}/hook`,
      '--conversation-to',
      `${plugin.url}/conversation`,
      '--speed',
      '0',
      '--secret',
      'whsec_r',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const id = documentIdFromSeed('seed:emulator-user:conversation:sprint-planning');
    const flushes = plugin.requests.slice(0, -1);
    const last = plugin.requests.at(-1)!;
    expect(flushes.length).toBeGreaterThan(1);
    for (const f of flushes) {
      const body = json(f);
      expect(body.session_id).toBe('emulator-user');
      expect(f.headers[OmiHeaderLower.event]).toBe('realtime_transcript');
      verify({ headers: f.headers, body: f.body, uid: 'emulator-user', secret: 'whsec_r' });
    }
    const ends = flushes.flatMap((f) => json(f).segments.map((s: { end: number }) => s.end));
    expect(ends).toEqual([...ends].sort((a, b) => a - b));
    expect(json(last).id).toBe(id);
    expect(last.headers[OmiHeaderLower.idempotencyKey]).toBe(`conversation:${id}:finalization`);

    expect(r.lines[0]).toMatch(
      /^replaying conversation .* "CSV Export Ships This Sprint" for uid emulator-user: \d+ segments in \d+ flushes/,
    );
    const flushLines = r.lines.filter((l) => l.startsWith('<-- [200] realtime_transcript #'));
    expect(flushLines).toHaveLength(flushes.length);
    expect(flushLines[0]).toMatch(
      /^<-- \[200\] realtime_transcript #1\/\d+ \(1 segment at \d+ s\) {2}[\d.]+ ms {2}attempt 1\/1 {2}reply: \{"message":"noted"\}$/,
    );
    expect(flushes.every((f) => f.url === '/hook?uid=emulator-user')).toBe(true);
    expect(last.url).toBe('/conversation?uid=emulator-user');
    expect(r.lines.at(-2)).toMatch(/^--> memory_created POST .*\/conversation\?uid=emulator-user {2}signed/);
    expect(r.lines.at(-1)).toMatch(/^<-- \[200\] memory_created /);
  });

  it('replay FILE --speed 0 exits 1 when a flush fails, and still delivers the conversation', async () => {
    const conversation = conversationFixture({ seed: 'cli-replay', segments: 6 });
    const path = file('replay.json', JSON.stringify(conversation));
    plugin.respond = (_r, n) => (n === 1 ? { status: 500 } : { status: 200 });
    const r = await run(['replay', path, '--to', plugin.url, '--speed', '0', '--uid', 'alice']);
    expect(r.status).toBe(1);
    expect(json(plugin.requests.at(-1)!)).toEqual(conversation);
    expect(plugin.requests.every((q) => q.uid === 'alice')).toBe(true);
    expect(r.stdout).toMatch(/<-- \[500\] realtime_transcript #2\//);
  });

  it('replay ID --db PATH reads a conversation from an emulator database', async () => {
    const db = join(dir, 'omi.db');
    const emulator = createEmulator({ db });
    const key = emulator.createKey();
    const created = await emulator.app.inject({
      method: 'POST',
      url: '/v1/dev/user/conversations/from-segments',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: {
        transcript_segments: [
          { text: 'First thing.', start: 0, end: 1.5 },
          { text: 'Second thing.', start: 1.6, end: 1.9 },
          { text: 'Third thing.', start: 2.2, end: 3.5 },
        ],
      },
    });
    await emulator.close();
    const { id } = created.json() as { id: string };
    const r = await run(['replay', id, '--db', db, '--to', plugin.url, '--speed', '100']);
    expect(r.status, r.stderr).toBe(0);
    expect(plugin.requests.map((q) => json(q).segments?.map((s: { text: string }) => s.text))).toEqual([
      ['First thing.', 'Second thing.'],
      ['Third thing.'],
      undefined,
    ]);
    expect(json(plugin.requests[2]!).id).toBe(id);
  });

  it('--help lists trigger and replay', () => {
    const result = spawnSync(process.execPath, [bin, 'trigger', '--help'], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'omi-emulator trigger conversation|transcript|audio|day-summary --to URL',
    );
    expect(result.stdout).toContain('omi-emulator replay ID|FILE --to URL');
  });

  it("the README's deliverWebhook example runs", async () => {
    const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
    const example = /```ts\n(import \{ deliverWebhook \}[\s\S]*?)```/.exec(readme)?.[1];
    if (!example) throw new Error('README lost its deliverWebhook example');
    const dist = (pkg: string, entry: string) =>
      JSON.stringify(pathToFileURL(join(root, 'packages', pkg, 'dist', entry)).href);
    const script = file(
      'readme-example.mjs',
      example
        .replace("'@omi-kit/emulator'", dist('emulator', 'index.js'))
        .replace("'@omi-kit/webhook-types/fixtures'", dist('webhook-types', 'fixtures/index.js'))
        .replace('http://localhost:3000', plugin.url),
    );
    plugin.respond = () => ({ status: 200, body: { message: 'Saved' } });
    const { stdout } = await promisify(execFile)(process.execPath, [script]);
    expect(stdout).toMatch(/^200 [\d.]+ \{ message: 'Saved' \} 1\n$/);
    const got = plugin.requests[0]!;
    expect(got.url).toBe('/webhooks/conversation?uid=u1');
    verify({ headers: got.headers, body: got.body, uid: 'u1', secret: 'whsec_test' });
  });
});
