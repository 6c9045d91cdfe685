import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OmiHeaderLower, verify } from '@omi-kit/webhook-types';
import { conversationFixture } from '@omi-kit/webhook-types/fixtures';
import { beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../src/cli-args.js';
import { runLive } from '../src/cli-live.js';
import { type Json, useEmulator } from './support/harness.js';
import { useReceiver } from './support/receiver.js';

const UID = 'emulator-user';

const segments = [
  { text: 'Hello, can you hear me?', start: 0, end: 1.2, speaker: 'SPEAKER_00' },
  { text: 'Yes. We ship on Friday.', start: 1.5, end: 2.8, speaker: 'SPEAKER_01' },
  { text: 'Remind me to write the release notes.', start: 3.1, end: 4.5, is_user: true },
];

describe('POST /_emulator/live: a recording played to the apps as Omi plays it', () => {
  const omi = useEmulator({ webhooks: { retryDelaysMs: [5], timeouts: { readMs: 2_000 } } });
  const plugin = useReceiver();

  beforeEach(async () => {
    await omi.post('/_emulator/reset');
  });

  async function register(body: Json): Promise<Json> {
    const r = await omi.post('/_emulator/apps', { json: { enabled_for: [UID], ...body } });
    expect(r.status, r.text).toBe(200);
    return r.body;
  }

  it('streams the transcript in 1 s flushes to transcript apps, signed, then fires the conversation apps', async () => {
    const realtime = await register({
      name: 'Live notes',
      trigger: 'transcript_processed',
      webhook_url: `${plugin.url}/webhooks/transcript`,
      webhook_secret: true,
    });
    const secret = realtime.webhook_signing_secret.secret as string;
    await register({
      name: 'Notion Sync',
      trigger: 'memory_creation',
      webhook_url: `${plugin.url}/webhooks/conversation`,
    });
    await register({
      name: 'Someone else',
      trigger: 'transcript_processed',
      webhook_url: `${plugin.url}/other`,
      enabled_for: ['someone-else'],
    });
    plugin.respond = (request) =>
      request.url.startsWith('/webhooks/transcript') && request.body.includes('Remind me')
        ? { status: 200, body: { message: 'I will remind you.' } }
        : { status: 200, body: {} };

    const r = await omi.post('/_emulator/live', { json: { transcript_segments: segments } });
    expect(r.status, r.text).toBe(200);
    expect(r.body.transcript_apps).toEqual([
      {
        app_id: realtime.app.id,
        url: `${plugin.url}/webhooks/transcript`,
        flushes: 3,
        ok: 3,
        replies: [{ message: 'I will remind you.' }],
      },
    ]);
    await omi.emulator.webhooks.idle();

    const live = plugin.requests.filter((q) => q.url.startsWith('/webhooks/transcript'));
    // Segments ending at 1.2, 2.8 and 4.5 s go out with the flushes at 2, 3 and 5 s.
    expect(live.map((q) => JSON.parse(q.body.toString('utf8')).segments.map((s: Json) => s.text))).toEqual([
      [segments[0]!.text],
      [segments[1]!.text],
      [segments[2]!.text],
    ]);
    for (const q of live) {
      expect(q.url).toBe(`/webhooks/transcript?uid=${UID}`);
      expect(q.headers[OmiHeaderLower.event]).toBe('realtime_transcript');
      expect(q.headers[OmiHeaderLower.idempotencyKey]).toBeUndefined();
      expect(JSON.parse(q.body.toString('utf8')).session_id).toBe(UID);
      verify({ headers: q.headers, body: q.body, uid: UID, secret });
    }
    expect(plugin.requests.some((q) => q.url.startsWith('/other'))).toBe(false);

    // Then the finished conversation, with the segments the apps were streamed (same ids).
    const finished = plugin.requests.filter((q) => q.url.startsWith('/webhooks/conversation'));
    expect(finished).toHaveLength(1);
    const conversation = JSON.parse(finished[0]!.body.toString('utf8'));
    expect(conversation.id).toBe(r.body.conversation.id);
    const streamedIds = live.flatMap((q) =>
      JSON.parse(q.body.toString('utf8')).segments.map((s: Json) => s.id),
    );
    expect(conversation.transcript_segments.map((s: Json) => s.id)).toEqual(streamedIds);
    expect(conversation.transcript_segments[2].is_user).toBe(true);
    expect(live.every((q) => q.at < finished[0]!.at)).toBe(true);

    const deliveries = (await omi.get(`/_emulator/deliveries?app_id=${realtime.app.id}`)).body.deliveries;
    expect(deliveries).toHaveLength(3);
    expect(deliveries[0]).toMatchObject({ event: 'realtime_transcript', conversation_id: null, ok: true });
    const health = (await omi.get(`/_emulator/apps/${realtime.app.id}`)).body.webhook.health;
    expect(health).toBeTruthy();

    // It is a conversation like any other: the Developer API has it.
    const key = await omi.key();
    const stored = await omi.get(`/v1/dev/user/conversations/${r.body.conversation.id}`, { key });
    expect(stored.status, stored.text).toBe(200);
  });

  it('speed 1 is real time; 20 plays the 5 s recording in about a quarter of a second', async () => {
    await register({
      name: 'Live notes',
      trigger: 'transcript_processed',
      webhook_url: `${plugin.url}/webhooks/transcript`,
    });
    const started = performance.now();
    const r = await omi.post('/_emulator/live', { json: { transcript_segments: segments, speed: 20 } });
    expect(r.status, r.text).toBe(200);
    // The last flush is due at 5 s / 20.
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    const at = plugin.requests.map((q) => q.at - plugin.requests[0]!.at);
    expect(at[2]! - at[0]!).toBeGreaterThanOrEqual(140); // 3 s of recording between them
  });

  it('refuses a bad recording before sending anything: 422 for segments Omi refuses, 400 for a bad body', async () => {
    await register({
      name: 'Live notes',
      trigger: 'transcript_processed',
      webhook_url: `${plugin.url}/webhooks/transcript`,
    });
    const backwards = await omi.post('/_emulator/live', {
      json: { transcript_segments: [{ text: 'x', start: 2, end: 1 }] },
    });
    expect(backwards.status).toBe(422);
    expect(backwards.text).toContain('Segment 0: end time must be after start time');
    const missing = await omi.post('/_emulator/live', { json: { speed: 1 } });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('transcript_segments');
    const negative = await omi.post('/_emulator/live', {
      json: { transcript_segments: segments, speed: -1 },
    });
    expect(negative.status).toBe(400);
    expect(negative.text).toContain('speed');
    expect(plugin.requests).toHaveLength(0);
  });

  describe('omi-emulator live (in process)', () => {
    async function live(args: string[]) {
      const out: string[] = [];
      const err: string[] = [];
      const status = await runLive(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
      return { status, out, err };
    }

    it('plays a conversation FILE through the running emulator to its registered apps', async () => {
      const realtime = await register({
        name: 'Live notes',
        trigger: 'transcript_processed',
        webhook_url: `${plugin.url}/webhooks/transcript`,
      });
      await register({ name: 'Sync', trigger: 'memory_creation', webhook_url: `${plugin.url}/conv` });
      plugin.respond = (request) =>
        request.url.startsWith('/webhooks/transcript') && plugin.requests.length === 1
          ? { status: 200, body: { message: 'first flush seen' } }
          : { status: 200, body: {} };
      const conversation = conversationFixture({ seed: 3 });
      const dir = mkdtempSync(join(tmpdir(), 'omi-live-'));
      try {
        const file = join(dir, 'conversation.json');
        writeFileSync(file, JSON.stringify(conversation));
        const r = await live([file, '--emulator', omi.baseUrl, '--speed', '0']);
        expect(r.err).toEqual([]);
        expect(r.status).toBe(0);
        const flushes = plugin.requests.filter((q) => q.url.startsWith('/webhooks/transcript')).length;
        expect(flushes).toBeGreaterThan(1);
        expect(r.out[0]).toContain(`live recording for uid ${UID}`);
        expect(r.out).toContain(
          `<-- app ${realtime.app.id} ${plugin.url}/webhooks/transcript: ${flushes}/${flushes} flushes answered 2xx`,
        );
        expect(r.out).toContain('    reply: {"message":"first flush seen"}');
        expect(r.out.at(-1)).toMatch(
          /^conversation [0-9a-f-]{36} made; its memory_creation deliveries follow/,
        );
        await omi.emulator.webhooks.idle();
        const sent = plugin.requests.filter((q) => q.url.startsWith('/conv'));
        expect(sent).toHaveLength(1);
        const texts = JSON.parse(sent[0]!.body.toString('utf8')).transcript_segments.map((s: Json) => s.text);
        expect(texts).toEqual(conversation.transcript_segments!.map((s) => s.text));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('says what is wrong: no emulator there (1), bad flags (usage errors), no transcript app', async () => {
      const unreachable = await live(['sprint-planning', '--emulator', 'http://127.0.0.1:9', '--speed', '0']);
      expect(unreachable.status).toBe(1);
      expect(unreachable.err.join('\n')).toContain('could not reach the emulator at http://127.0.0.1:9');
      await expect(live(['sprint-planning', '--speed', '-2'])).rejects.toThrow(UsageError);
      await expect(live(['sprint-planning', '--emulator', 'localhost'])).rejects.toThrow(UsageError);
      await expect(live([])).rejects.toThrow(UsageError);
      const alone = await live(['sprint-planning', '--emulator', omi.baseUrl, '--speed', '0']);
      expect(alone.status).toBe(0);
      expect(alone.out.join('\n')).toContain('no transcript_processed app is enabled for uid');
    });
  });
});
