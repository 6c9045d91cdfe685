import {
  createOmiClient,
  OmiBatchError,
  OmiConfigError,
  OmiRequestValidationError,
  OmiValidationError,
  Paginator,
} from '@omi-kit/api-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from './helpers/emulator.js';

let omi: RunningEmulator;
const urls: string[] = [];

beforeAll(async () => {
  omi = await startEmulator({ rateLimitBoost: 100, seed: false });
});
afterAll(() => omi.close());
beforeEach(() => {
  omi.emulator.reset();
  omi.key = omi.emulator.createKey();
  urls.length = 0;
});

function client(fetchDelayMs = 0) {
  return createOmiClient({
    apiKey: omi.key,
    baseUrl: omi.baseUrl,
    rateLimits: { boost: 100 },
    fetch: async (input, init) => {
      urls.push(String(input).replace(omi.baseUrl, ''));
      if (fetchDelayMs) await new Promise((r) => setTimeout(r, fetchDelayMs));
      return fetch(input, init);
    },
  });
}

const uid = () => omi.emulator.state.defaultUid;

function seedMemories(n: number) {
  omi.emulator.state.memories.createMany(
    uid(),
    Array.from({ length: n }, (_, i) => ({
      content: `Memory ${String(i).padStart(3, '0')}`,
      category: 'interesting' as const,
      visibility: 'private',
      tags: [],
      manuallyAdded: true,
      now: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
    })),
  );
}

describe('listAll: limit/offset pagination', () => {
  it('pages through everything and stops on the empty page', async () => {
    seedMemories(23);
    const all = await client().memories.listAll({ pageSize: 5 }).toArray();
    expect(all).toHaveLength(23);
    expect(new Set(all.map((m) => m.id)).size).toBe(23);
    // 5 pages with items (the last one short), then the empty page that ends it.
    expect(urls).toHaveLength(6);
    const last = new URL(urls.at(-1)!, 'http://x').searchParams;
    expect([last.get('limit'), last.get('offset')]).toEqual(['5', '25']);
  });

  it('does not stop at a short page: Omi drops locked rows after paginating', async () => {
    const c = client();
    for (let i = 0; i < 9; i++)
      await c.conversations.create({ text: `Conversation number ${i} about the roadmap.` });
    const listed = await c.conversations.list({ limit: 100 });
    // Lock two conversations of the first page of 3: that page comes back with one item.
    for (const conv of listed.slice(0, 2)) omi.emulator.state.conversations.setLocked(uid(), conv.id, true);
    urls.length = 0;
    const pages: number[] = [];
    for await (const page of c.conversations.listAll({ pageSize: 3 }).pages()) pages.push(page.length);
    expect(pages).toEqual([1, 3, 3]);
    expect(urls.map((u) => new URL(u, 'http://x').searchParams.get('offset'))).toEqual(['0', '3', '6', '9']);
  });

  it('asks for at most what Omi serves per page (it would clamp silently and offsets would skip)', async () => {
    seedMemories(3);
    const c = client();
    await c.memories.listAll({ pageSize: 5000 }).toArray();
    await c.conversations.listAll({ pageSize: 500 }).toArray();
    await c.conversations.listAll({ pageSize: 500, include_transcript: true }).toArray();
    await c.actionItems.listAll().toArray();
    const limits = urls.map((u) => new URL(u, 'http://x').searchParams.get('limit'));
    // Memories: a page of 3, then the empty page; the other lists are empty at once.
    expect(limits).toEqual(['1000', '1000', '100', '25', '1000']);
  });

  it('toArray({ max }) stops fetching once it has enough; for await can stop early too', async () => {
    seedMemories(20);
    const c = client();
    expect(await c.memories.listAll({ pageSize: 2 }).toArray({ max: 5 })).toHaveLength(5);
    expect(urls).toHaveLength(3);
    urls.length = 0;
    for await (const m of c.memories.listAll({ pageSize: 4 })) if (m.content) break;
    expect(urls).toHaveLength(1);
  });

  it('passes filters through and starts at an offset', async () => {
    const c = client();
    await c.actionItems.createMany([
      { description: 'open one' },
      { description: 'done one', completed: true },
      { description: 'open two' },
    ]);
    const open = await c.actionItems.listAll({ completed: false, pageSize: 1, offset: 1 }).toArray();
    expect(open).toHaveLength(1);
    expect(urls.at(-1)).toContain('completed=false');
  });

  it('skips an item seen on an earlier page (new items shift offsets during an export)', async () => {
    const pages = [[{ id: 'a' }, { id: 'b' }], [{ id: 'b' }, { id: 'c' }], []];
    const p = new Paginator({
      pageSize: 2,
      idOf: (x: { id: string }) => x.id,
      fetchPage: async () => pages.shift()!,
    });
    expect((await p.toArray()).map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });

  it('daily summaries page inside their {summaries} wrapper', async () => {
    const fresh = await startEmulator({ rateLimitBoost: 100 });
    try {
      const c = createOmiClient({ apiKey: fresh.key, baseUrl: fresh.baseUrl, rateLimits: { boost: 100 } });
      const all = await c.dailySummaries.listAll({ pageSize: 1 }).toArray();
      expect(all.length).toBe((await c.dailySummaries.list({ limit: 100 })).summaries.length);
    } finally {
      await fresh.close();
    }
  });
});

describe('createMany: chunks, bounded concurrency, failures reported per chunk', () => {
  it('splits memories into chunks of 25 and keeps the order', async () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ content: `Batched memory ${i}` }));
    const result = await client().memories.createMany(items);
    expect(result.created_count).toBe(60);
    expect(result.memories.map((m) => m.content)).toEqual(items.map((i) => i.content));
    expect(urls.filter((u) => u.endsWith('/memories/batch'))).toHaveLength(3);
  });

  it('splits action items into chunks of 50', async () => {
    const items = Array.from({ length: 101 }, (_, i) => ({ description: `Batched item ${i}` }));
    const result = await client().actionItems.createMany(items, { concurrency: 3 });
    expect(result.created_count).toBe(101);
    expect(urls.filter((u) => u.endsWith('/action-items/batch'))).toHaveLength(3);
  });

  it('runs at most `concurrency` chunks at once', async () => {
    let inflight = 0;
    let peak = 0;
    const c = createOmiClient({
      apiKey: omi.key,
      baseUrl: omi.baseUrl,
      rateLimits: { boost: 100 },
      fetch: async (input, init) => {
        peak = Math.max(peak, ++inflight);
        await new Promise((r) => setTimeout(r, 20));
        try {
          return await fetch(input, init);
        } finally {
          inflight--;
        }
      },
    });
    const items = Array.from({ length: 250 }, (_, i) => ({ content: `Concurrent memory ${i}` }));
    await c.memories.createMany(items, { concurrency: 3 });
    expect(peak).toBe(3);
  });

  it('checks every item first: one bad item and nothing is sent', async () => {
    const items = Array.from({ length: 40 }, (_, i) => ({
      content: i === 37 ? 'x'.repeat(501) : `Fine ${i}`,
    }));
    const error = await client()
      .memories.createMany(items)
      .catch((e) => e);
    expect(error).toBeInstanceOf(OmiRequestValidationError);
    expect(error.issues[0].path).toBe('[37].content');
    expect(urls).toHaveLength(0);
  });

  it('refuses a chunk size above Omi’s batch maximum', async () => {
    await expect(
      client().memories.createMany([{ content: 'a b c' }], { chunkSize: 26 }),
    ).rejects.toBeInstanceOf(OmiConfigError);
  });

  it('reports which chunk failed and why; later chunks are skipped, or sent with stopOnError: false', async () => {
    const items = Array.from({ length: 75 }, (_, i) => ({
      content: i === 30 ? '   ' : `Reported memory ${i}`,
    }));
    const error = (await client()
      .memories.createMany(items, { concurrency: 1 })
      .catch((e) => e)) as OmiBatchError;
    expect(error).toBeInstanceOf(OmiBatchError);
    expect(error.code).toBe('batch_failed');
    expect(error.completed).toEqual([{ chunk: 0, start: 0, end: 25 }]);
    expect(error.failed).toEqual([expect.objectContaining({ chunk: 1, start: 25, end: 50 })]);
    expect(error.failed[0]?.error).toBeInstanceOf(OmiValidationError);
    expect(error.failed[0]?.error.message).toContain('All memories must have non-empty content');
    expect(error.skipped).toEqual([{ chunk: 2, start: 50, end: 75 }]);
    expect(error.created).toHaveLength(25);

    const goOn = (await client()
      .memories.createMany(items, { concurrency: 1, stopOnError: false })
      .catch((e) => e)) as OmiBatchError;
    expect(goOn.completed.map((c) => c.chunk)).toEqual([0, 2]);
    expect(goOn.skipped).toEqual([]);
    expect(goOn.created).toHaveLength(50);
  });
});
