import { createServer } from 'node:net';
import {
  createOmiClient,
  OmiBatchError,
  type OmiClientOptions,
  OmiConnectionError,
  OmiRateLimitError,
  OmiServerError,
  OmiTimeoutError,
  OmiUnavailableError,
  type RetryEvent,
} from '@omi-kit/api-client';
import { VirtualClock } from '@omi-kit/api-client/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from './helpers/emulator.js';
import { type FaultProxy, startFaultProxy } from './helpers/fault-proxy.js';

let omi: RunningEmulator;
let proxy: FaultProxy;
const stops: (() => void)[] = [];

beforeAll(async () => {
  omi = await startEmulator({ rateLimitBoost: 100 });
  proxy = await startFaultProxy(omi.baseUrl);
});
afterAll(async () => {
  await proxy.close();
  await omi.close();
});
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  proxy.plan(() => ({ kind: 'pass' }));
  proxy.seen.length = 0;
});

const AI = '/v1/dev/user/action-items';
const rateLimited = (seconds: number) => ({
  kind: 'status' as const,
  status: 429,
  body: { detail: `Rate limit exceeded. Try again in ${seconds}s.` },
  headers: { 'retry-after': String(seconds), 'x-ratelimit-limit': '120', 'x-ratelimit-remaining': '0' },
});
const limiterDown = { kind: 'status' as const, status: 503, body: { detail: 'Rate limiter unavailable' } };
const unavailable = { kind: 'status' as const, status: 503, body: { detail: 'Service Unavailable' } };

/** A client through the fault proxy; virtual time, so Retry-After waits cost nothing. */
function faultyClient(options: OmiClientOptions = {}) {
  const clock = new VirtualClock();
  stops.push(clock.autoAdvance());
  const retries: RetryEvent[] = [];
  const client = createOmiClient({
    apiKey: omi.key,
    baseUrl: proxy.url,
    clock,
    fetch: clock.trackFetch(),
    rateLimits: { boost: 100 },
    retryBackoff: { baseMs: 100, capMs: 1000 },
    hooks: { onRetry: (e) => retries.push(e) },
    ...options,
  });
  return { client, clock, retries };
}

function actionItemsNamed(description: string): number {
  const uid = omi.emulator.state.defaultUid;
  return omi.emulator.state.actionItems
    .list(uid, { limit: 10_000, offset: 0 })
    .filter((a) => a.description === description).length;
}

function sent(method: string, path: string): number {
  return proxy.seen.filter((s) => s.method === method && s.path === path).length;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('429 storms', () => {
  it('are retried after Retry-After for every call, even a create that is not idempotent', async () => {
    const { client, clock, retries } = faultyClient();
    proxy.plan(({ method, path, n }) =>
      method === 'POST' && path === AI && n < 3 ? rateLimited(30) : { kind: 'pass' },
    );
    const start = clock.now();
    const item = await client.actionItems.create({ description: 'storm-proof item' });
    expect(item.description).toBe('storm-proof item');
    expect(sent('POST', AI)).toBe(4);
    expect(actionItemsNamed('storm-proof item')).toBe(1);
    expect(retries.map((r) => r.reason)).toEqual(['rate_limited', 'rate_limited', 'rate_limited']);
    // Each retry waited out Retry-After (30 s) in virtual time.
    expect(clock.now() - start).toBeGreaterThanOrEqual(3 * 30_000);
  });

  it('pause every queued request of the same policy until Retry-After passes; other policies go on', async () => {
    const { client, clock } = faultyClient();
    const sentAt: { path: string; at: number }[] = [];
    proxy.plan(({ path, n }) => {
      sentAt.push({ path, at: clock.now() });
      return path === '/v1/dev/user/memories' && n === 0 ? rateLimited(120) : { kind: 'pass' };
    });
    const t0 = clock.now();
    const first = client.memories.list({ limit: 1 });
    // Wait until the 429 has come back and paused the policy.
    while (
      !client.rateLimitStatus().some((s) => s.policy === 'dev:memories_read' && s.pausedUntil !== null)
    ) {
      await new Promise((r) => setImmediate(r));
    }
    const queued = [
      client.memories.list({ limit: 1 }),
      client.memories.search('coffee'),
      client.memories.list(),
    ];
    const otherPolicy = await client.actionItems.list({ limit: 1 });
    expect(otherPolicy.length).toBeLessThanOrEqual(1);
    const actionItemsAt = sentAt.find((s) => s.path === AI)!.at;
    expect(actionItemsAt - t0).toBeLessThan(120_000);
    await Promise.all([first, ...queued]);
    const memoryCalls = sentAt.filter((s) => s.path.startsWith('/v1/dev/user/memories'));
    expect(memoryCalls).toHaveLength(5);
    // Nothing of dev:memories_read left before Retry-After had passed.
    for (const call of memoryCalls.slice(1)) expect(call.at - t0).toBeGreaterThanOrEqual(120_000);
  });

  it('with waitForRateLimit: false, the 429 is thrown with retryAfter instead of waited out', async () => {
    const { client } = faultyClient();
    proxy.plan(() => rateLimited(600));
    const error = await client.actionItems.list({}, { waitForRateLimit: false }).catch((e) => e);
    expect(error).toBeInstanceOf(OmiRateLimitError);
    expect(error.retryAfter).toBe(600);
    // And the policy is now paused, so a second no-wait call fails locally without a request.
    const before = proxy.seen.length;
    const local = await client.actionItems.list({}, { waitForRateLimit: false }).catch((e) => e);
    expect(local).toMatchObject({ code: 'rate_limited', local: true });
    expect(proxy.seen.length).toBe(before);
  });

  it('honour Retry-After given as an HTTP date', async () => {
    const { client, clock } = faultyClient();
    proxy.plan(({ n }) =>
      n === 0
        ? { ...rateLimited(0), headers: { 'retry-after': new Date(clock.now() + 45_000).toUTCString() } }
        : { kind: 'pass' },
    );
    const start = clock.now();
    await client.goals.list();
    expect(clock.now() - start).toBeGreaterThanOrEqual(45_000 - 1000);
  });
});

describe('503s', () => {
  it('"Rate limiter unavailable" is retried even for an action-item create (refused before the handler)', async () => {
    const { client, retries } = faultyClient();
    proxy.plan(({ method, path, n }) =>
      method === 'POST' && path === AI && n < 2 ? limiterDown : { kind: 'pass' },
    );
    await client.actionItems.create({ description: 'created after the limiter came back' });
    expect(sent('POST', AI)).toBe(3);
    expect(actionItemsNamed('created after the limiter came back')).toBe(1);
    expect(retries.map((r) => r.reason)).toEqual(['refused_before_handler', 'refused_before_handler']);
  });

  it('any other 503 is retried for reads but not for an action-item create', async () => {
    const { client } = faultyClient();
    proxy.plan(({ n }) => (n === 0 ? unavailable : { kind: 'pass' }));
    await client.actionItems.list({ limit: 1 });
    expect(sent('GET', AI)).toBe(2);
    const error = await client.actionItems.create({ description: 'maybe created' }).catch((e) => e);
    expect(error).toBeInstanceOf(OmiUnavailableError);
    expect(sent('POST', AI)).toBe(1);
  });

  it('502 and 504 are retried for idempotent calls only; 500 never', async () => {
    const { client } = faultyClient();
    proxy.plan(({ n }) =>
      n === 0
        ? { kind: 'status', status: 502 }
        : n === 1
          ? { kind: 'status', status: 504 }
          : { kind: 'pass' },
    );
    await client.memories.create({ content: 'Survives gateway errors' }); // idempotent by content
    expect(sent('POST', '/v1/dev/user/memories')).toBe(3);
    proxy.plan(() => ({ kind: 'status', status: 500, body: { detail: 'boom' } }));
    const error = await client.memories.list().catch((e) => e);
    expect(error).toBeInstanceOf(OmiServerError);
    expect(sent('GET', '/v1/dev/user/memories')).toBe(1);
  });

  it('maxRetries bounds a storm', async () => {
    const { client } = faultyClient({ maxRetries: 2 });
    proxy.plan(() => limiterDown);
    const error = await client.folders.list().catch((e) => e);
    expect(error).toBeInstanceOf(OmiUnavailableError);
    expect(sent('GET', '/v1/dev/user/folders')).toBe(3);
  });
});

describe('dropped connections and timeouts: only what is idempotent is sent again', () => {
  it('a memory create dropped after Omi acted is retried, and there is still one memory', async () => {
    const { client, retries } = faultyClient();
    proxy.plan(({ method, n }) => (method === 'POST' && n === 0 ? { kind: 'drop-after' } : { kind: 'pass' }));
    const m = await client.memories.create({ content: 'Dropped but idempotent memory' });
    expect(sent('POST', '/v1/dev/user/memories')).toBe(2);
    expect(retries[0]?.reason).toBe('connection_dropped');
    const all = await client.memories.listAll().toArray();
    expect(all.filter((x) => x.content === 'Dropped but idempotent memory')).toHaveLength(1);
    expect(all.find((x) => x.id === m.id)).toBeTruthy();
  });

  it('an action-item create dropped after Omi acted is NOT retried: one item, and an error that says so', async () => {
    const { client } = faultyClient();
    proxy.plan(({ method, path }) =>
      method === 'POST' && path === AI ? { kind: 'drop-after' } : { kind: 'pass' },
    );
    const error = await client.actionItems.create({ description: 'dropped after acting' }).catch((e) => e);
    expect(error).toBeInstanceOf(OmiConnectionError);
    expect(error.requestSent).toBe(true);
    expect(error.message).toMatch(/may have acted/);
    expect(sent('POST', AI)).toBe(1);
    expect(actionItemsNamed('dropped after acting')).toBe(1);
  });

  it('a text conversation create is not retried either; from-segments is, with the same client_session_id', async () => {
    const { client } = faultyClient();
    proxy.plan(({ method, n }) => (method === 'POST' && n === 0 ? { kind: 'drop-after' } : { kind: 'pass' }));
    const text = await client.conversations.create({ text: 'A text conversation.' }).catch((e) => e);
    expect(text).toBeInstanceOf(OmiConnectionError);
    expect(sent('POST', '/v1/dev/user/conversations')).toBe(1);

    const created = await client.conversations.createFromSegments({
      transcript_segments: [{ text: 'Segments survive a dropped connection.', start: 0, end: 3 }],
    });
    const posts = proxy.seen.filter((s) => s.path === '/v1/dev/user/conversations/from-segments');
    expect(posts).toHaveLength(2);
    const ids = posts.map((p) => JSON.parse(p.body).client_session_id);
    expect(ids[0]).toBeTruthy();
    expect(ids[1]).toBe(ids[0]);
    const uid = omi.emulator.state.defaultUid;
    const matching = omi.emulator.state.conversations
      .searchable(uid)
      .filter((r) => r.data.includes('Segments survive a dropped connection.'));
    expect(matching).toHaveLength(1);
    expect(matching[0]?.id).toBe(created.id);
  });

  it('a connection dropped before Omi acted looks the same from here, so a create is still not retried', async () => {
    const { client } = faultyClient();
    proxy.plan(({ method, path }) =>
      method === 'POST' && path === AI ? { kind: 'drop-before' } : { kind: 'pass' },
    );
    const error = await client.actionItems.create({ description: 'never processed' }).catch((e) => e);
    expect(error).toBeInstanceOf(OmiConnectionError);
    expect(sent('POST', AI)).toBe(1);
    expect(actionItemsNamed('never processed')).toBe(0);
  });

  it('a refused connection (nothing sent) is retried for any call, even an action-item create', async () => {
    const port = await closedPort();
    let attempts = 0;
    const retries: RetryEvent[] = [];
    const client = createOmiClient({
      apiKey: omi.key,
      baseUrl: omi.baseUrl,
      rateLimits: { boost: 100 },
      retryBackoff: { baseMs: 1, capMs: 5 },
      hooks: { onRetry: (e) => retries.push(e) },
      // The first attempt goes to a port nobody listens on: a real ECONNREFUSED.
      fetch: (input, init) => {
        const url = String(input);
        return fetch(attempts++ === 0 ? url.replace(omi.baseUrl, `http://127.0.0.1:${port}`) : url, init);
      },
    });
    await client.actionItems.create({ description: 'created after a refused connection' });
    expect(retries.map((r) => [r.reason, r.error.code])).toEqual([
      ['connection_not_sent', 'connection_error'],
    ]);
    expect(actionItemsNamed('created after a refused connection')).toBe(1);
  });

  it('a slow answer times out: reads are retried, an action-item create is not (and Omi still created it)', async () => {
    const { client } = faultyClient({ timeoutMs: 600 });
    proxy.plan(({ n }) => (n === 0 ? { kind: 'delay', ms: 1500 } : { kind: 'pass' }));
    expect(await client.goals.list()).toEqual(expect.any(Array));
    expect(sent('GET', '/v1/dev/user/goals')).toBe(2);
    const error = await client.actionItems.create({ description: 'slow but created' }).catch((e) => e);
    expect(error).toBeInstanceOf(OmiTimeoutError);
    expect(error.requestSent).toBe(true);
    expect(sent('POST', AI)).toBe(1);
    // The slow answer reaches the emulator after the client gave up: the item exists, once.
    for (let i = 0; i < 60 && actionItemsNamed('slow but created') === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(actionItemsNamed('slow but created')).toBe(1);
  });

  it('idempotent: true opts a create into retries; idempotent: false opts a read out', async () => {
    const { client } = faultyClient();
    proxy.plan(({ n }) => (n === 0 ? { kind: 'drop-before' } : { kind: 'pass' }));
    await client.actionItems.create({ description: 'caller deduplicates' }, { idempotent: true });
    expect(sent('POST', AI)).toBe(2);
    const error = await client.actionItems.list({}, { idempotent: false }).catch((e) => e);
    expect(error).toBeInstanceOf(OmiConnectionError);
  });

  it('a delete retried after a dropped connection reports success even though the retry found nothing', async () => {
    const { client } = faultyClient();
    const m = await client.memories.create({ content: 'Deleted through a flaky link' });
    proxy.plan(({ method, n }) =>
      method === 'DELETE' && n === 0 ? { kind: 'drop-after' } : { kind: 'pass' },
    );
    expect(await client.memories.delete(m.id)).toEqual({ success: true });
    expect(sent('DELETE', `/v1/dev/user/memories/${m.id}`)).toBe(2);
  });
});

describe('no duplicate action item under faults', () => {
  it('through a 429, a limiter 503, a refused connection and a drop after acting: exactly one item', async () => {
    const port = await closedPort();
    const clock = new VirtualClock();
    stops.push(clock.autoAdvance());
    let refusedOnce = false;
    const client = createOmiClient({
      apiKey: omi.key,
      baseUrl: proxy.url,
      clock,
      rateLimits: { boost: 100 },
      retryBackoff: { baseMs: 100, capMs: 1000 },
      maxRetries: 10,
      fetch: clock.trackFetch((input, init) => {
        const url = String(input);
        if (!refusedOnce && url.endsWith(AI) && init?.method === 'POST' && proxy.seen.length >= 2) {
          refusedOnce = true;
          return fetch(url.replace(proxy.url, `http://127.0.0.1:${port}`), init);
        }
        return fetch(url, init);
      }),
    });
    proxy.plan(
      ({ n }) => [rateLimited(5), limiterDown, { kind: 'drop-after' as const }][n] ?? { kind: 'pass' },
    );
    const error = await client.actionItems.create({ description: 'exactly once' }).catch((e) => e);
    // 429 -> retried; 503 limiter -> retried; refused -> retried; dropped after acting -> stop.
    expect(error).toBeInstanceOf(OmiConnectionError);
    expect(sent('POST', AI)).toBe(3);
    expect(actionItemsNamed('exactly once')).toBe(1);
  });

  it('createMany: a chunk dropped after acting is reported, never re-sent, and nothing is created twice', async () => {
    const { client } = faultyClient();
    const batch = `${AI}/batch`;
    proxy.plan(({ path, n }) => (path === batch && n === 1 ? { kind: 'drop-after' } : { kind: 'pass' }));
    const items = Array.from({ length: 120 }, (_, i) => ({ description: `bulk item ${i}` }));
    const error = (await client.actionItems
      .createMany(items, { concurrency: 1 })
      .catch((e) => e)) as OmiBatchError;
    expect(error).toBeInstanceOf(OmiBatchError);
    expect(error.completed.map((c) => c.chunk)).toEqual([0]);
    expect(error.failed.map((f) => [f.chunk, f.start, f.end])).toEqual([[1, 50, 100]]);
    expect(error.failed[0]?.error).toBeInstanceOf(OmiConnectionError);
    expect(error.skipped.map((c) => c.chunk)).toEqual([2]);
    expect(error.created).toHaveLength(50);
    expect(error.message).toMatch(/chunk 1 \(items 50-99\)/);
    expect(sent('POST', batch)).toBe(2);
    for (let i = 0; i < 100; i++) expect(actionItemsNamed(`bulk item ${i}`)).toBe(1);
    expect(actionItemsNamed('bulk item 100')).toBe(0);
  });
});

describe('cancellation', () => {
  it('a signal cancels a Retry-After wait at once, with the signal reason', async () => {
    const client = createOmiClient({ apiKey: omi.key, baseUrl: proxy.url, rateLimits: { boost: 100 } });
    proxy.plan(() => rateLimited(3600));
    const controller = new AbortController();
    const pending = client.memories.list({}, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user cancelled')), 100);
    const started = Date.now();
    await expect(pending).rejects.toThrow('user cancelled');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a signal cancels a request in flight', async () => {
    const client = createOmiClient({ apiKey: omi.key, baseUrl: proxy.url, rateLimits: { boost: 100 } });
    proxy.plan(() => ({ kind: 'delay', ms: 2000 }));
    await expect(client.folders.list({ signal: AbortSignal.timeout(100) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
  });
});
