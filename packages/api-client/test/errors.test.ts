import {
  createOmiClient,
  OmiAuthError,
  OmiConflictError,
  OmiError,
  type OmiHooks,
  OmiNotFoundError,
  OmiPaymentRequiredError,
  OmiPermissionError,
  OmiRateLimitError,
  OmiRequestValidationError,
  OmiResponseValidationError,
  OmiServerError,
  OmiUnavailableError,
  OmiValidationError,
} from '@omi-kit/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from './helpers/emulator.js';

let omi: RunningEmulator;
const events: unknown[] = [];
const hooks: OmiHooks = {
  onRequest: (e) => events.push(e),
  onResponse: (e) => events.push(e),
  onRetry: (e) => events.push(e),
  onError: (e) => events.push({ ...e, error: { message: e.error.message, ...e.error } }),
  onWarning: (e) => events.push(e),
  onRateLimitWait: (e) => events.push(e),
};

beforeAll(async () => {
  omi = await startEmulator({ rateLimitBoost: 100 });
});
afterAll(async () => {
  await omi.close();
  // No hook payload, ever, carried a key.
  const all = JSON.stringify(events);
  expect(all).not.toMatch(/omi_dev_[0-9a-f]{32}/);
  expect(all).not.toMatch(/Bearer (?!\[redacted\])/);
});

function client(apiKey = omi.key, extra: Parameters<typeof createOmiClient>[0] = {}) {
  return createOmiClient({ apiKey, baseUrl: omi.baseUrl, hooks, rateLimits: { boost: 100 }, ...extra });
}

async function caught<T extends Error>(promise: Promise<unknown>): Promise<T> {
  try {
    await promise;
  } catch (error) {
    return error as T;
  }
  throw new Error('expected the call to fail');
}

describe('typed errors with status, code and detail', () => {
  it('401: OmiAuthError, and the key appears nowhere', async () => {
    const unknownKey = `omi_dev_${'0123456789abcdef'.repeat(2)}`;
    const error = await caught<OmiAuthError>(client(unknownKey).memories.list());
    expect(error).toBeInstanceOf(OmiAuthError);
    expect(error).toBeInstanceOf(OmiError);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', detail: 'Invalid API Key' });
    expect(error.message).toMatch(/Settings -> Developer/);
    for (const text of [error.message, error.stack ?? '', JSON.stringify(error)])
      expect(text).not.toContain(unknownKey);
  });

  it('403 for a missing scope: OmiPermissionError with the scope parsed', async () => {
    const readOnly = omi.emulator.createKey(['memories:read']);
    const error = await caught<OmiPermissionError>(client(readOnly).memories.create({ content: 'x y z' }));
    expect(error).toBeInstanceOf(OmiPermissionError);
    expect(error).toMatchObject({ status: 403, code: 'insufficient_scope', requiredScope: 'memories:write' });
    expect(error.scope).toBe('memories:write');
    expect(error.message).toContain('memories:write');
  });

  it('402 on a locked item: OmiPaymentRequiredError', async () => {
    const c = client();
    const m = await c.memories.create({ content: 'A locked memory for the paywall test' });
    omi.emulator.state.memories.setLocked(omi.emulator.state.defaultUid, m.id, true);
    const error = await caught<OmiPaymentRequiredError>(c.memories.update(m.id, { tags: ['x'] }));
    expect(error).toBeInstanceOf(OmiPaymentRequiredError);
    expect(error).toMatchObject({ status: 402, code: 'payment_required' });
  });

  it('404: OmiNotFoundError naming the request', async () => {
    const error = await caught<OmiNotFoundError>(client().conversations.get('no-such-conversation'));
    expect(error).toBeInstanceOf(OmiNotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'not_found', detail: 'Conversation not found' });
    expect(error.request).toEqual({
      method: 'GET',
      path: '/v1/dev/user/conversations/no-such-conversation',
      operation: 'getConversation',
    });
  });

  it('422 from FastAPI: OmiValidationError with the field paths', async () => {
    const error = await caught<OmiValidationError>(
      client().ask({ question: 'Anything?', timezone: 'Mars/Phobos' }),
    );
    expect(error).toBeInstanceOf(OmiValidationError);
    expect(error.status).toBe(422);
    expect(error.fields).toEqual([expect.objectContaining({ location: 'body', path: 'timezone' })]);
    expect(error.paths).toEqual(['timezone']);
    expect(error.message).toContain('timezone');
  });

  it('422 with a sentence: OmiValidationError without fields', async () => {
    const error = await caught<OmiValidationError>(client().memories.create({ content: '   ' }));
    expect(error).toMatchObject({ status: 422, detail: 'content cannot be empty', fields: [] });
  });

  it('our own checks refuse a bad request before it is sent, naming the path', async () => {
    const before = events.length;
    const error = await caught<OmiRequestValidationError>(
      client().memories.create({ content: 'x'.repeat(501), catgory: 'system' } as never),
    );
    expect(error).toBeInstanceOf(OmiRequestValidationError);
    expect(error.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['content']));
    expect(error.message).toMatch(/catgory/);
    expect(events.slice(before).some((e) => (e as { operation?: string }).operation === 'createMemory')).toBe(
      false,
    );
  });

  it('our own checks refuse a lone typo in a query or a body, which the quick check must not let through', async () => {
    const query = await caught<OmiRequestValidationError>(
      client().memories.list({ limit: 25, ofset: 1 } as never),
    );
    expect(query).toBeInstanceOf(OmiRequestValidationError);
    expect(query.message).toMatch(/ofset/);
    const body = await caught<OmiRequestValidationError>(
      client().memories.create({ content: 'Alex likes tea', visiblity: 'public' } as never),
    );
    expect(body).toBeInstanceOf(OmiRequestValidationError);
    expect(body.message).toMatch(/visiblity/);
  });

  it('409: OmiConflictError when a from-segments session is still processing (retries off)', async () => {
    const slow = await startEmulator({ conversationProcessingMs: 300 });
    try {
      const c = createOmiClient({ apiKey: slow.key, baseUrl: slow.baseUrl, maxRetries: 0 });
      const body = {
        client_session_id: 'session-409',
        transcript_segments: [{ text: 'Hello there.', start: 0, end: 1 }],
      };
      const [first, second] = await Promise.allSettled([
        c.conversations.createFromSegments(body),
        new Promise((r) => setTimeout(r, 50)).then(() => c.conversations.createFromSegments(body)),
      ]);
      // Whichever arrives second finds the session claimed.
      const outcomes = [first, second];
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const error = (outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(OmiConflictError);
      expect(error).toMatchObject({ status: 409, code: 'conflict' });
    } finally {
      await slow.close();
    }
  });

  it('429: OmiRateLimitError with retryAfter and the limit', async () => {
    const tight = await startEmulator({ rateLimitBoost: 0.04 }); // dev:ask = max(1, 25 * 0.04) = 1 per hour
    try {
      const c = createOmiClient({
        apiKey: tight.key,
        baseUrl: tight.baseUrl,
        rateLimits: false,
        maxRetries: 0,
      });
      await c.ask('first question');
      const error = await caught<OmiRateLimitError>(c.ask('second question'));
      expect(error).toBeInstanceOf(OmiRateLimitError);
      expect(error).toMatchObject({ status: 429, code: 'rate_limited', limit: 1, policies: ['dev:ask'] });
      expect(error.retryAfter).toBeGreaterThan(3500);
      expect(error.message).toMatch(/dev:ask/);
    } finally {
      await tight.close();
    }
  });

  it('503 "Rate limiter unavailable": OmiUnavailableError (after the retries are spent)', async () => {
    omi.emulator.state.switches.rate_limiter_unavailable = true;
    try {
      const c = client(omi.key, { maxRetries: 1, retryBackoff: { baseMs: 1, capMs: 1 } });
      const error = await caught<OmiUnavailableError>(c.actionItems.list());
      expect(error).toBeInstanceOf(OmiUnavailableError);
      expect(error).toMatchObject({ status: 503, code: 'rate_limiter_unavailable' });
    } finally {
      omi.emulator.state.switches.rate_limiter_unavailable = false;
    }
  });

  it('a response that does not match the schema names the path', async () => {
    const fetch = async () =>
      new Response(JSON.stringify([{ id: 'm1', content: 'ok' }, { content: 'no id' }]), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    const c = createOmiClient({ apiKey: omi.key, baseUrl: omi.baseUrl, fetch });
    const error = await caught<OmiResponseValidationError>(c.memories.list());
    expect(error).toBeInstanceOf(OmiResponseValidationError);
    expect(error.issues[0]?.path).toBe('[1].id');
    expect(error.message).toContain('[1].id');
    // Lenient: unknown fields are kept, defaults filled in.
    const ok = createOmiClient({
      apiKey: omi.key,
      baseUrl: omi.baseUrl,
      fetch: async () => new Response(JSON.stringify([{ id: 'm1', brand_new_field: 1 }]), { status: 200 }),
    });
    expect(await ok.memories.list()).toEqual([
      expect.objectContaining({ id: 'm1', brand_new_field: 1, tags: [] }),
    ]);
  });

  it('a server that echoes the key gets it masked in the error', async () => {
    const fetch = async (_url: unknown, init?: RequestInit) =>
      new Response(
        JSON.stringify({ detail: `bad header ${(init!.headers as Record<string, string>).authorization}` }),
        {
          status: 500,
        },
      );
    const c = createOmiClient({ apiKey: omi.key, baseUrl: omi.baseUrl, fetch, hooks });
    const error = await caught<OmiServerError>(c.memories.list());
    expect(error).toBeInstanceOf(OmiServerError);
    expect(error.message).not.toContain(omi.key);
    expect(JSON.stringify(error.detail)).not.toContain(omi.key);
    expect(error.message).toContain('Bearer [redacted]');
  });
});

describe('403 developer_memory_access_not_ready', () => {
  it('memory reads answer empty (and warn) by default', async () => {
    omi.emulator.state.switches.memory_access_not_ready = true;
    try {
      const warnings: string[] = [];
      const c = createOmiClient({
        apiKey: omi.key,
        baseUrl: omi.baseUrl,
        hooks: { onWarning: (w) => warnings.push(w.code) },
      });
      expect(await c.memories.list()).toEqual([]);
      expect(await c.memories.listAll().toArray()).toEqual([]);
      expect((await c.memories.search('anything')).items).toEqual([]);
      expect(warnings).toEqual(Array(3).fill('developer_memory_access_not_ready'));
      // Writes still say what happened.
      const error = await caught<OmiPermissionError>(c.memories.create({ content: 'Cannot be written yet' }));
      expect(error).toMatchObject({ status: 403, code: 'developer_memory_access_not_ready' });
    } finally {
      omi.emulator.state.switches.memory_access_not_ready = false;
    }
  });

  it("memoryAccessNotReady: 'throw' raises the OmiPermissionError", async () => {
    omi.emulator.state.switches.memory_access_not_ready = true;
    try {
      const c = createOmiClient({ apiKey: omi.key, baseUrl: omi.baseUrl, memoryAccessNotReady: 'throw' });
      const error = await caught<OmiPermissionError>(c.memories.list());
      expect(error.code).toBe('developer_memory_access_not_ready');
    } finally {
      omi.emulator.state.switches.memory_access_not_ready = false;
    }
  });
});
