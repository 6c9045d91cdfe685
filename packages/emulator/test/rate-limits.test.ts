import { beforeAll, describe, expect, it } from 'vitest';
import { type CallOptions, type Harness, type Reply, useEmulator } from './support/harness.js';
import { BASE_LIMITS, label, ROUTES, type RouteSpec } from './support/inventory.js';

// Reference §4 "Rate limits (what the code really does)".

interface Probe {
  method: string;
  path: string;
  options?: CallOptions;
}

/** A cheap request charged to each policy (failing requests are charged too: the limit runs first). */
const PROBES: Record<string, Probe> = {
  'dev:memories_read': { method: 'GET', path: '/v1/dev/user/memories', options: { query: { limit: 1 } } },
  'dev:memories': { method: 'DELETE', path: '/v1/dev/user/memories/missing' },
  'dev:memories_batch': {
    method: 'POST',
    path: '/v1/dev/user/memories/batch',
    options: { json: { memories: [] } },
  },
  'dev:action_items_read': {
    method: 'GET',
    path: '/v1/dev/user/action-items',
    options: { query: { limit: 1 } },
  },
  'dev:action_items_write': { method: 'DELETE', path: '/v1/dev/user/action-items/missing' },
  'dev:conversations_read': { method: 'GET', path: '/v1/dev/user/folders' },
  'dev:conversation_detail_read': { method: 'GET', path: '/v1/dev/user/conversations/missing' },
  'dev:conversation_transcript_read': {
    method: 'GET',
    path: '/v1/dev/user/conversations',
    options: { query: { include_transcript: 'true', limit: 1 } },
  },
  'dev:conversations': { method: 'DELETE', path: '/v1/dev/user/conversations/missing' },
  'dev:ask': { method: 'POST', path: '/v1/dev/user/ask', options: { json: {} } },
  'dev:goals_read': { method: 'GET', path: '/v1/dev/user/goals/missing' },
  'dev:goals_write': { method: 'DELETE', path: '/v1/dev/user/goals/missing' },
};

async function hit(omi: Harness, key: string, probe: Probe): Promise<Reply> {
  return omi.call(probe.method, probe.path, { ...probe.options, key });
}

/** Sends `n` requests (a few at a time) and returns their statuses. */
async function hitMany(omi: Harness, key: string, probe: Probe, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i += 10) {
    const batch = Array.from({ length: Math.min(10, n - i) }, () => hit(omi, key, probe));
    for (const r of await Promise.all(batch)) statuses.push(r.status);
  }
  return statuses;
}

function expect429(r: Reply, limit: number): number {
  expect(r.status).toBe(429);
  expect(r.headers.get('x-ratelimit-limit')).toBe(String(limit));
  expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
  expect(r.headers.get('x-ratelimit-reset')).toBeNull();
  const retryAfter = r.headers.get('retry-after');
  expect(retryAfter).toMatch(/^\d+$/);
  const seconds = Number(retryAfter);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(3600);
  expect(r.body).toEqual({ detail: `Rate limit exceeded. Try again in ${seconds}s.` });
  return seconds;
}

describe('base limits per policy (RATE_LIMIT_BOOST=1)', () => {
  const omi = useEmulator();

  it.each(Object.entries(BASE_LIMITS))('%s allows %i requests an hour, then 429', async (policy, limit) => {
    const key = await omi.key();
    const probe = PROBES[policy]!;
    const statuses = await hitMany(omi, key, probe, limit);
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    expect429(await hit(omi, key, probe), limit);
    // Still refused on the next try: the window has not moved.
    expect429(await hit(omi, key, probe), limit);
  });

  it('successful responses carry no rate-limit headers', async () => {
    const key = await omi.key();
    for (const path of ['/v1/dev/user/memories', '/v1/dev/user/conversations', '/v1/dev/key']) {
      const r = await omi.get(path, { key });
      expect(r.status).toBe(200);
      for (const h of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after']) {
        expect(r.headers.get(h), `${path} ${h}`).toBeNull();
      }
    }
  });

  it('limits are per key: another key of the same user is unaffected', async () => {
    const a = await omi.key();
    const b = await omi.key();
    await hitMany(omi, a, PROBES['dev:ask']!, 25);
    expect429(await hit(omi, a, PROBES['dev:ask']!), 25);
    const other = await hit(omi, b, PROBES['dev:ask']!);
    expect(other.status).toBe(422);
  });

  it('limits are per policy: an exhausted policy does not block another', async () => {
    const key = await omi.key();
    await hitMany(omi, key, PROBES['dev:memories_batch']!, 15);
    expect429(await hit(omi, key, PROBES['dev:memories_batch']!), 15);
    expect((await hit(omi, key, PROBES['dev:memories']!)).status).toBe(404);
    expect((await hit(omi, key, PROBES['dev:memories_read']!)).status).toBe(200);
  });

  it('folders share the conversation-list bucket (dev:conversations_read)', async () => {
    const key = await omi.key();
    const statuses = await hitMany(omi, key, { method: 'GET', path: '/v1/dev/user/folders' }, 60);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect429(await omi.get('/v1/dev/user/conversations', { key }), 60);
    expect429(await omi.get('/v1/dev/user/folders', { key }), 60);
    // The detail read is another policy.
    expect((await omi.get('/v1/dev/user/conversations/missing', { key })).status).toBe(404);
  });

  it('the conversation list also fills the folders bucket', async () => {
    const key = await omi.key();
    await hitMany(omi, key, { method: 'GET', path: '/v1/dev/user/conversations' }, 60);
    expect429(await omi.get('/v1/dev/user/folders', { key }), 60);
  });
});

describe('include_transcript charges dev:conversation_transcript_read (25/h) too', () => {
  const omi = useEmulator();
  const list = (t: string): Probe => ({
    method: 'GET',
    path: '/v1/dev/user/conversations',
    options: { query: { include_transcript: t } },
  });
  const detail = (t: string): Probe => ({
    method: 'GET',
    path: '/v1/dev/user/conversations/missing',
    options: { query: { include_transcript: t } },
  });

  it('list and detail reads with a transcript share the 25/h bucket', async () => {
    const key = await omi.key();
    const a = await hitMany(omi, key, list('true'), 13);
    const b = await hitMany(omi, key, detail('true'), 12);
    expect(a.every((s) => s === 200)).toBe(true);
    expect(b.every((s) => s === 404)).toBe(true);
    expect429(await hit(omi, key, list('true')), 25);
    expect429(await hit(omi, key, detail('true')), 25);
    // Without a transcript only the list/detail policy applies, which is far from spent.
    expect((await hit(omi, key, list('false'))).status).toBe(200);
    expect((await hit(omi, key, detail('false'))).status).toBe(404);
  });

  it('include_transcript=false does not charge the transcript policy', async () => {
    const key = await omi.key();
    const plain = await hitMany(omi, key, list('false'), 30);
    expect(plain.every((s) => s === 200)).toBe(true);
    const withTranscript = await hitMany(omi, key, list('true'), 25);
    expect(withTranscript.every((s) => s === 200)).toBe(true);
    expect429(await hit(omi, key, list('true')), 25);
  });

  it('pydantic truthy spellings (1, yes, on) count as include_transcript', async () => {
    const key = await omi.key();
    for (const word of ['1', 'yes', 'on', 'True']) await hitMany(omi, key, list(word), 6);
    await hitMany(omi, key, list('t'), 1);
    expect429(await hit(omi, key, list('y')), 25);
  });

  it('refused requests still count: transcript refusals use up the list bucket', async () => {
    const key = await omi.key();
    await hitMany(omi, key, list('true'), 25);
    // Each of these passes the list policy (INCR) and is then refused by the transcript policy.
    const refused = await hitMany(omi, key, list('true'), 35);
    expect(refused.every((s) => s === 429)).toBe(true);
    // 25 + 35 = 60 list hits: the plain list is now refused by dev:conversations_read.
    expect429(await hit(omi, key, list('false')), 60);
  });
});

describe('each route charges the policy of the reference (RATE_LIMIT_BOOST=0.1)', () => {
  const omi = useEmulator({ rateLimitBoost: 0.1 });
  const effective = (policy: string) => Math.max(1, Math.floor(BASE_LIMITS[policy]! * 0.1));
  const limited = ROUTES.filter((r): r is RouteSpec & { policy: string } => r.policy !== null);

  it.each(limited.map((r) => [label(r), r.policy, r] as const))('%s -> %s', async (_n, policy, route) => {
    const key = await omi.key();
    const limit = effective(policy);
    const call = () => omi.call(route.method, route.path, { key, json: route.body, query: route.query });
    for (let i = 0; i < limit; i++) expect((await call()).status).not.toBe(429);
    expect429(await call(), limit);
    // The same bucket refuses the policy's probe route too...
    expect429(await hit(omi, key, PROBES[policy]!), limit);
    // ...while another policy is untouched.
    const other = policy === 'dev:goals_read' ? 'dev:memories_read' : 'dev:goals_read';
    expect((await hit(omi, key, PROBES[other]!)).status).not.toBe(429);
  });
});

describe('fixed one-hour windows (injected clock)', () => {
  let now = Date.parse('2030-05-01T12:00:00.000Z');
  const omi = useEmulator({ clock: () => new Date(now) });
  const ask = PROBES['dev:ask']!;

  it('refuses until the window that started with the first hit has expired', async () => {
    const key = await omi.key();
    const start = now;
    const first = await hitMany(omi, key, ask, 25);
    expect(first.every((s) => s === 422)).toBe(true);
    expect(expect429(await hit(omi, key, ask), 25)).toBe(3600);

    now = start + 30 * 60_000;
    expect(expect429(await hit(omi, key, ask), 25)).toBe(1800);

    now = start + 3599_000;
    expect(expect429(await hit(omi, key, ask), 25)).toBe(1);

    now = start + 3600_000;
    expect((await hit(omi, key, ask)).status).toBe(422);
  });

  it('the window is fixed, not sliding: a new one starts at the first hit after expiry', async () => {
    const key = await omi.key();
    const start = now;
    await hitMany(omi, key, ask, 10);
    now = start + 50 * 60_000;
    await hitMany(omi, key, ask, 15);
    // 25 used; the window still ends one hour after the first hit, not after the last.
    expect(expect429(await hit(omi, key, ask), 25)).toBe(600);
    now = start + 60 * 60_000;
    const fresh = await hitMany(omi, key, ask, 25);
    expect(fresh.every((s) => s === 422)).toBe(true);
    now = start + 70 * 60_000;
    expect(expect429(await hit(omi, key, ask), 25)).toBe(3000);
  });
});

describe('RATE_LIMIT_BOOST: effective limit = max(1, floor(base * boost))', () => {
  describe('boost 0.01', () => {
    const omi = useEmulator({ rateLimitBoost: 0.01 });
    it.each([
      ['dev:memories_batch', 1], // floor(0.15) = 0 -> 1
      ['dev:ask', 1], // floor(0.25) = 0 -> 1
      ['dev:memories_read', 1], // floor(1.2) = 1
    ] as const)('%s -> %i', async (policy, limit) => {
      const key = await omi.key();
      expect((await hit(omi, key, PROBES[policy]!)).status).not.toBe(429);
      expect429(await hit(omi, key, PROBES[policy]!), limit);
    });
  });

  describe('boost 2.5', () => {
    const omi = useEmulator({ rateLimitBoost: 2.5 });
    it.each([
      ['dev:memories_batch', 37], // floor(37.5)
      ['dev:ask', 62], // floor(62.5)
    ] as const)('%s -> %i', async (policy, limit) => {
      const key = await omi.key();
      const statuses = await hitMany(omi, key, PROBES[policy]!, limit);
      expect(statuses).not.toContain(429);
      expect429(await hit(omi, key, PROBES[policy]!), limit);
    });
  });
});

describe('Redis down: 503 "Rate limiter unavailable"', () => {
  const omi = useEmulator();
  let key: string;
  let token: string;
  beforeAll(async () => {
    key = await omi.key();
    token = await omi.idToken();
    await omi.switches({ rate_limiter_unavailable: true });
  });

  it.each(ROUTES.filter((r) => r.auth === 'dev_key').map((r) => [label(r), r] as const))(
    '%s answers 503',
    async (_n, route) => {
      const r = await omi.call(route.method, route.path, { key, json: route.body, query: route.query });
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ detail: 'Rate limiter unavailable' });
    },
  );

  it('the 503 comes before body validation, but after auth and scope', async () => {
    const bad = await omi.post('/v1/dev/user/memories', { key, raw: '{not json' });
    expect(bad.status).toBe(503);
    const noAuth = await omi.post('/v1/dev/user/memories', { raw: '{not json' });
    expect(noAuth.status).toBe(401);
    const readOnly = await omi.key(null);
    const noScope = await omi.post('/v1/dev/user/memories', { key: readOnly, json: { content: 'x' } });
    expect(noScope.status).toBe(403);
  });

  it('key management (Firebase, no rate limit) keeps working', async () => {
    const r = await omi.get('/v1/dev/keys', { key: token });
    expect(r.status).toBe(200);
  });
});
