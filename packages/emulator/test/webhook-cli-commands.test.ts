import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OmiHeaderLower, pcm16ToWav } from '@omi-kit/webhook-types';
import { conversationFixture, pcm16Fixture } from '@omi-kit/webhook-types/fixtures';
import { afterAll, describe, expect, it } from 'vitest';
import { USAGE, UsageError } from '../src/cli-args.js';
import { runReplay } from '../src/cli-replay.js';
import { runTrigger } from '../src/cli-trigger.js';
import { useReceiver } from './support/receiver.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  lines: string[];
}

/** Runs `trigger` or `replay` in this process, with cli.ts's handling of usage errors (exit 2). */
async function run(args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };
  const [command, ...rest] = args;
  const done = (status: number) => ({ status, stdout: out.join('\n'), stderr: err.join('\n'), lines: out });
  try {
    return done(await (command === 'replay' ? runReplay : runTrigger)(rest, io));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err.push(`omi-emulator: ${error.message}`, '', USAGE);
    return done(2);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'omi-trigger-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const json = (r: { body: Buffer }) => JSON.parse(r.body.toString('utf8'));

describe('trigger and replay commands (in process)', () => {
  const plugin = useReceiver();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('each trigger is a new conversation (new id), so a deduplicating plugin runs it again', async () => {
    await run(['trigger', 'conversation', '--to', plugin.url]);
    await run(['trigger', 'conversation', '--to', plugin.url]);
    const [a, b] = plugin.requests.map(json);
    expect(a.id).not.toBe(b.id);
  });

  it('exits 1 on a redirect, which is not followed, with the hint', async () => {
    plugin.respond = () => ({ status: 301, headers: { location: 'https://example.com/hook/' } });
    const r = await run(['trigger', 'transcript', '--to', `${plugin.url}/hook`]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/\[301\].*https:\/\/example\.com\/hook\/.*trailing slash/);
    expect(plugin.requests).toHaveLength(1);
  });

  it('exits 1 with a clear line when the plugin is not running', async () => {
    const r = await run(['trigger', 'transcript', '--to', 'http://127.0.0.1:1/webhook']);
    expect(r.status).toBe(1);
    expect(r.lines[1]).toMatch(/^<-- \[network error\] realtime_transcript .*reply: \(no answer\) .*refused/);
  });

  it('--timeout: a plugin slower than it fails with a timeout', async () => {
    plugin.respond = () => ({ status: 200, delayMs: 2_000 });
    const r = await run(['trigger', 'transcript', '--to', plugin.url, '--timeout', '0.2']);
    expect(r.status).toBe(1);
    expect(r.lines[1]).toMatch(/^<-- \[timeout\] realtime_transcript .*No answer within 0\.2 s/);
  });

  it('trigger transcript sends one {session_id: uid, segments} batch', async () => {
    plugin.respond = () => ({ status: 200, body: { message: 'Heard you' } });
    const r = await run(['trigger', 'transcript', '--to', `${plugin.url}/rt`, '--uid', 'bob']);
    expect(r.status, r.stderr).toBe(0);
    const body = json(plugin.requests[0]!);
    expect(plugin.requests[0]!.url).toBe('/rt?uid=bob');
    expect(body.session_id).toBe('bob');
    expect(body.segments.length).toBeGreaterThan(0);
    expect(body.segments[0]).toHaveProperty('speaker_id');
    expect(r.lines[1]).toContain('reply: {"message":"Heard you"}');
  });

  it('trigger audio sends PCM16 with ?sample_rate=&uid=', async () => {
    const r = await run(['trigger', 'audio', '--to', `${plugin.url}/audio`, '--sample-rate', '8000']);
    expect(r.status, r.stderr).toBe(0);
    const got = plugin.requests[0]!;
    expect(got.url).toBe('/audio?sample_rate=8000&uid=emulator-user');
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect(got.body.length).toBe(4 * 8000 * 2);
  });

  it('trigger audio --fixture a .wav sends its samples at its rate', async () => {
    const pcm = pcm16Fixture({ seconds: 0.25, sampleRate: 22050 });
    const wav = file('clip.wav', pcm16ToWav(pcm, 22050));
    const r = await run(['trigger', 'audio', '--to', plugin.url, '--fixture', wav]);
    expect(r.status, r.stderr).toBe(0);
    expect(plugin.requests[0]!.url).toBe('/?sample_rate=22050&uid=emulator-user');
    expect(plugin.requests[0]!.body.equals(pcm)).toBe(true);
  });

  it('trigger day-summary sends the Developer-Settings body', async () => {
    const r = await run(['trigger', 'day-summary', '--to', plugin.url, '--uid', 'u5', '--secret', 'whsec_d']);
    expect(r.status, r.stderr).toBe(0);
    const got = plugin.requests[0]!;
    const body = json(got);
    expect(Object.keys(body).sort()).toEqual(['created_at', 'summary', 'summary_json', 'uid']);
    expect(body.uid).toBe('u5');
    expect(got.headers[OmiHeaderLower.event]).toBe('day_summary');
    expect(got.headers[OmiHeaderLower.developerIdempotencyKey]).toBe(got.headers[OmiHeaderLower.delivery]);
  });

  it('--fixture FILE sends that conversation as compact JSON, same id; --new-id changes it', async () => {
    const conversation = conversationFixture({ seed: 'cli-fixture', segments: 3 });
    const path = file('conversation.json', JSON.stringify(conversation, null, 2));
    expect((await run(['trigger', 'conversation', '--to', plugin.url, '--fixture', path])).status).toBe(0);
    expect(plugin.requests[0]!.body.toString('utf8')).toBe(JSON.stringify(conversation));
    expect(
      (await run(['trigger', 'conversation', '--to', plugin.url, '--fixture', path, '--new-id'])).status,
    ).toBe(0);
    const renewed = json(plugin.requests[1]!);
    expect(renewed.id).not.toBe(conversation.id);
    expect(renewed.structured.action_items[0].conversation_id).toBe(renewed.id);
  });

  it('a transcript --fixture that is a bare list of segments is wrapped as Omi sends it', async () => {
    const path = file(
      'segments.json',
      JSON.stringify([{ text: 'hi', speaker: 'SPEAKER_00', speaker_id: 0, is_user: true, start: 0, end: 1 }]),
    );
    const r = await run(['trigger', 'transcript', '--to', plugin.url, '--fixture', path, '--uid', 'zed']);
    expect(r.status, r.stderr).toBe(0);
    expect(json(plugin.requests[0]!)).toEqual({
      session_id: 'zed',
      segments: [{ text: 'hi', speaker: 'SPEAKER_00', speaker_id: 0, is_user: true, start: 0, end: 1 }],
    });
  });

  it('a fixture that is not what Omi sends is sent anyway, with a note', async () => {
    const path = file('odd.json', JSON.stringify({ id: 'c1', structured: 'nope' }));
    const r = await run(['trigger', 'conversation', '--to', plugin.url, '--fixture', path]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/note: the fixture is not a valid conversation \(structured/);
    expect(json(plugin.requests[0]!)).toEqual({ id: 'c1', structured: 'nope' });
  });

  it.concurrent.each([
    [['trigger'], /trigger needs an event/],
    [['trigger', 'memory', '--to', 'http://127.0.0.1:1'], /unknown event "memory"/],
    [['trigger', 'conversation'], /--to URL is required/],
    [['trigger', 'conversation', '--to', 'localhost:3000/hook'], /--to must be an http/],
    [['trigger', 'conversation', '--to', 'http://h', '--secret', ' whsec_x'], /whitespace/],
    [['trigger', 'conversation', '--to', 'http://h', '--timeout', '0'], /--timeout/],
    [
      ['trigger', 'transcript', '--to', 'http://h', '--sample-rate', '8000'],
      /--sample-rate applies to trigger audio only/,
    ],
    [['trigger', 'audio', '--to', 'http://h', '--sample-rate', 'fast'], /--sample-rate must be/],
    [['trigger', 'conversation', '--to', 'http://h', '--fixture', '/nonexistent/x.json'], /no such file/],
    [['trigger', 'conversation', '--to', 'http://h', '--bogus'], /--bogus/],
    [['trigger', 'conversation', 'extra', '--to', 'http://h'], /unexpected argument "extra"/],
    [['replay', '--to', 'http://h'], /replay needs a conversation/],
    [['replay', 'sprint-planning', '--to', 'http://h', '--speed=-1'], /--speed must be/],
    [
      ['replay', 'no-such-conversation', '--to', 'http://h'],
      /no conversation "no-such-conversation" in the built-in seed[\s\S]*CSV Export Ships This Sprint/,
    ],
    [['replay', '/nonexistent/c.json', '--to', 'http://h'], /no such file/],
    [
      ['replay', 'sprint-planning', '--to', 'http://h', '--conversation-to', 'nope'],
      /--conversation-to must be/,
    ],
  ])('%j exits 2 with a clear message and the usage', async (args, message) => {
    const r = await run(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Usage: omi-emulator');
    expect(r.stdout).toBe('');
  });

  it('a fixture that is not JSON exits 2', async () => {
    const r = await run([
      'trigger',
      'conversation',
      '--to',
      'http://h',
      '--fixture',
      file('bad.json', '{nope'),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is not valid JSON/);
  });
});
