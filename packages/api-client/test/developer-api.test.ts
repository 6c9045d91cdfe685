import { createOmiClient, type OmiClient, OmiNotFoundError } from '@omi-kit/api-client';
import { developerApiRoutes } from '@omi-kit/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from './helpers/emulator.js';

let omi: RunningEmulator;
let client: OmiClient;

beforeAll(async () => {
  omi = await startEmulator({ rateLimitBoost: 100 });
  client = createOmiClient({ apiKey: omi.key, baseUrl: omi.baseUrl, rateLimits: { boost: 100 } });
});
afterAll(() => omi.close());

describe('every Developer API route, over real HTTP against the emulator', () => {
  it('memories: list, create, update, search, delete', async () => {
    const seeded = await client.memories.list({ limit: 5 });
    expect(seeded.length).toBeGreaterThan(0);
    const created = await client.memories.create({
      content: 'Prefers oat milk in coffee',
      category: 'system',
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    const again = await client.memories.create({ content: 'Prefers oat milk in coffee', category: 'system' });
    expect(again.id).toBe(created.id); // ids come from the content
    const updated = await client.memories.update(created.id, { tags: ['coffee'] });
    expect(updated.tags).toEqual(['coffee']);
    const found = await client.memories.search('oat milk coffee');
    expect(found.items.map((m) => m.id)).toContain(created.id);
    expect(await client.memories.delete(created.id)).toEqual({ success: true });
    await expect(client.memories.delete(created.id)).rejects.toBeInstanceOf(OmiNotFoundError);
  });

  it('action items: list, create, update, delete', async () => {
    const item = await client.actionItems.create({
      description: 'Book the venue',
      due_at: '2026-12-01T10:00:00Z',
    });
    expect(item.id).toMatch(/^[A-Za-z0-9]{20}$/);
    const done = await client.actionItems.update(item.id, { completed: true });
    expect(done.completed).toBe(true);
    expect(done.completed_at).toBeTruthy();
    const open = await client.actionItems.list({ completed: false });
    expect(open.every((a) => !a.completed)).toBe(true);
    expect(await client.actionItems.delete(item.id)).toEqual({ success: true });
  });

  it('conversations: create from text and segments, list, get, update, delete', async () => {
    const text = await client.conversations.create({
      text: 'We agreed to ship the export on Friday. I need to write the changelog.',
    });
    expect(text.status).toBe('completed');
    const fromSegments = await client.conversations.createFromSegments({
      transcript_segments: [
        { text: 'Shall we meet on Tuesday?', start: 0, end: 2, is_user: true },
        { text: 'Tuesday works for me.', start: 2, end: 4, speaker: 'SPEAKER_01' },
      ],
    });
    const withTranscript = await client.conversations.get(fromSegments.id, { include_transcript: true });
    expect(withTranscript.transcript_segments).toHaveLength(2);
    const page = await client.conversations.list({ limit: 3 });
    expect(page.length).toBeLessThanOrEqual(3);
    const renamed = await client.conversations.update(text.id, { title: 'Export ships Friday' });
    expect(renamed.structured.title).toBe('Export ships Friday');
    expect(await client.conversations.delete(text.id)).toEqual({ success: true });
  });

  it('ask, folders, goals, daily summaries and the calling key', async () => {
    const answer = await client.ask('What did we decide about the CSV export?');
    expect(typeof answer.answer).toBe('string');
    expect(Array.isArray(answer.sources)).toBe(true);
    const folders = await client.folders.list();
    expect(folders.length).toBeGreaterThan(0);
    const goal = await client.goals.create({
      title: 'Run 100 km this month',
      goal_type: 'numeric',
      target_value: 100,
    });
    expect(goal.id).toMatch(/^goal_[0-9a-f]{12}$/);
    expect((await client.goals.updateProgress(goal.id, 12)).current_value).toBe(12);
    expect(await client.goals.history(goal.id, { days: 7 })).toEqual(expect.any(Array));
    expect((await client.goals.update(goal.id, { unit: 'km' })).unit).toBe('km');
    expect((await client.goals.get(goal.id)).title).toBe('Run 100 km this month');
    expect((await client.goals.list({ include_inactive: true })).some((g) => g.id === goal.id)).toBe(true);
    expect(await client.goals.delete(goal.id)).toEqual({ success: true });
    const summaries = await client.dailySummaries.list({ limit: 2 });
    expect(Array.isArray(summaries.summaries)).toBe(true);
    if (summaries.summaries[0]) {
      expect((await client.dailySummaries.get(summaries.summaries[0].id)).id).toBe(summaries.summaries[0].id);
    }
    const key = await client.key.get();
    expect(key.key_prefix).toMatch(/^omi_dev_[0-9a-f]{4}\.\.\.[0-9a-f]{4}$/);
    expect(JSON.stringify(key)).not.toContain(omi.key);
  });

  it('key management with a Firebase ID token', async () => {
    const idToken = omi.emulator.createIdToken();
    const created = await client.keys.create({ name: 'ci', scopes: ['memories:read'] }, { idToken });
    expect(created.key).toMatch(/^omi_dev_/);
    expect((await client.keys.list({ idToken })).map((k) => k.id)).toContain(created.id);
    await client.keys.revoke(created.id, { idToken });
    expect((await client.keys.list({ idToken })).map((k) => k.id)).not.toContain(created.id);
  });

  it('has a method for every route of the reference, and request() reaches any of them', async () => {
    // Every operationId is reachable through request(); the named methods cover them all.
    expect(Object.keys(developerApiRoutes)).toHaveLength(32);
    const viaRequest = await client.request('listMemories', { query: { limit: 1 } });
    expect(viaRequest).toHaveLength(1);
  });
});
