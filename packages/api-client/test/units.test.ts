import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from '../src/backoff.js';
import { OmiError } from '../src/errors.js';
import { classifyNetworkError } from '../src/network-error.js';
import { redactSecrets } from '../src/redact-secrets.js';
import { parseRetryAfter } from '../src/retry-after.js';
import { decideRetry } from '../src/retry-policy.js';

describe('Retry-After', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });
});

describe('full-jitter backoff', () => {
  it('draws from [0, min(cap, base * 2^attempt))', () => {
    const o = { baseMs: 500, capMs: 30_000 };
    expect(fullJitterDelay(0, o, () => 0)).toBe(0);
    expect(fullJitterDelay(0, o, () => 0.999)).toBe(499);
    expect(fullJitterDelay(3, o, () => 0.5)).toBe(2000);
    expect(fullJitterDelay(10, o, () => 0.999)).toBe(29_970);
  });
});

describe('network errors', () => {
  const wrapped = (code: string) =>
    Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
  it('knows a refused connection sent nothing, and a reset one may have', () => {
    expect(classifyNetworkError(wrapped('ECONNREFUSED'))).toMatchObject({
      requestSent: false,
      transient: true,
    });
    expect(classifyNetworkError(wrapped('ENOTFOUND'))).toMatchObject({ requestSent: false, transient: true });
    expect(classifyNetworkError(wrapped('UND_ERR_SOCKET'))).toMatchObject({
      requestSent: true,
      transient: true,
    });
    expect(classifyNetworkError(wrapped('ECONNRESET'))).toMatchObject({ requestSent: true, transient: true });
    expect(classifyNetworkError(new TypeError('fetch failed'))).toMatchObject({ requestSent: true });
  });
  it('finds codes inside AggregateError (happy eyeballs) and treats certificate errors as permanent', () => {
    const aggregate = Object.assign(new TypeError('fetch failed'), {
      cause: new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
    });
    expect(classifyNetworkError(aggregate).requestSent).toBe(false);
    expect(classifyNetworkError(wrapped('CERT_HAS_EXPIRED'))).toMatchObject({
      transient: false,
      requestSent: false,
    });
  });
});

describe('the retry rule', () => {
  const status = (s: number, code = 'x') => ({
    kind: 'status' as const,
    error: new OmiError({ message: '', code, status: s }),
  });
  const call = (idempotent: boolean) => ({ idempotent, retryConflict: false });
  it.each([
    ['429', status(429, 'rate_limited'), true, true],
    ['503 limiter down', status(503, 'rate_limiter_unavailable'), true, true],
    ['503 deletion state', status(503, 'account_deletion_state_unavailable'), true, true],
    ['other 503', status(503, 'unavailable'), true, false],
    ['502', status(502), true, false],
    ['504', status(504), true, false],
    ['500', status(500), false, false],
    ['404', status(404), false, false],
    ['timeout', { kind: 'timeout' as const }, true, false],
    ['refused', { kind: 'network' as const, requestSent: false, transient: true }, true, true],
    ['dropped', { kind: 'network' as const, requestSent: true, transient: true }, true, false],
  ])('%s: idempotent %s, not idempotent %s', (_n, failure, forIdempotent, forOthers) => {
    expect(decideRetry(failure, call(true)).retry).toBe(forIdempotent);
    expect(decideRetry(failure, call(false)).retry).toBe(forOthers);
  });
  it('retries a from-segments 409 (its session is still processing)', () => {
    expect(decideRetry(status(409), { idempotent: true, retryConflict: true }).retry).toBe(true);
    expect(decideRetry(status(409), { idempotent: true, retryConflict: false }).retry).toBe(false);
  });
});

describe('redaction', () => {
  it('masks keys of every family and bearer tokens', () => {
    const text = `key omi_dev_${'a'.repeat(32)} mcp omi_mcp_${'b'.repeat(32)} app sk_${'c'.repeat(32)} Authorization: Bearer eyJhbGciOi.x.y`;
    const out = redactSecrets(text);
    expect(out).not.toMatch(/a{32}|b{32}|c{32}|eyJhbGciOi/);
    expect(out).toContain('omi_dev_[redacted]');
  });
});

describe('errors from responses', () => {
  const base = {
    headers: new Headers(),
    request: { method: 'POST', path: '/v1/dev/user/memories/batch', operation: 'createMemoriesBatch' },
    secrets: [],
    nowMs: 0,
    policies: ['dev:memories_batch'],
    authHint: '',
  };
  it("turns FastAPI's list into field paths", async () => {
    const { errorFromResponse } = await import('../src/error-from-response.js');
    const { OmiValidationError } = await import('../src/errors.js');
    const detail = [
      {
        type: 'string_too_long',
        loc: ['body', 'memories', 3, 'content'],
        msg: 'String should have at most 500 characters',
      },
      { type: 'missing', loc: ['query', 'uid'], msg: 'Field required' },
    ];
    const error = errorFromResponse({ ...base, status: 422, bodyText: JSON.stringify({ detail }) });
    expect(error).toBeInstanceOf(OmiValidationError);
    expect((error as InstanceType<typeof OmiValidationError>).paths).toEqual(['memories[3].content', 'uid']);
    expect(error.message).toContain('memories[3].content: String should have at most 500 characters');
  });
  it('keeps a non-JSON body as text, cut short', async () => {
    const { errorFromResponse } = await import('../src/error-from-response.js');
    const error = errorFromResponse({ ...base, status: 502, bodyText: `<html>${'x'.repeat(1000)}</html>` });
    expect(error).toMatchObject({ status: 502, code: 'server_error' });
    expect(String(error.detail).length).toBeLessThan(320);
  });
  it('reads Omi codes in object details', async () => {
    const { errorFromResponse } = await import('../src/error-from-response.js');
    const deletion = errorFromResponse({
      ...base,
      status: 403,
      bodyText: JSON.stringify({ detail: { code: 'account_deletion_in_progress', retryable: false } }),
    });
    expect(deletion.code).toBe('account_deletion_in_progress');
    const state = errorFromResponse({
      ...base,
      status: 503,
      bodyText: JSON.stringify({ detail: { code: 'account_deletion_state_unavailable', retryable: true } }),
    });
    expect(state.code).toBe('account_deletion_state_unavailable');
  });
});
