import {
  chatToolStringToSign,
  computeChatToolSignature,
  computeSignature,
  signChatToolRequest,
  verifyChatToolRequest,
  WebhookSignatureError,
  type WebhookSignatureErrorCode,
} from '@omi-kit/webhook-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { oracle, type V2Case } from './python-oracle.js';

// The golden vectors of Omi's SDK tests (plugins/omi-plugin-sdk/tests/test_request_signing.py, the
// same as backend/tests/unit/test_request_signing.py and ChatTools.mdx). Re-derived here with:
//   python3 -c 'import hmac,hashlib; from urllib.parse import parse_qsl,quote; …' (see python-oracle.ts)
const SECRET = 'whsec_example_secret_do_not_use';
const PREVIOUS = 'whsec_previous_secret';
const T = 1_760_000_000;
const DELIVERY = '6f1c2a9e-4b7d-4e2a-9c1f-0d3b5a7e8f21';
const GET_PATH = '/api/tools/search_notes';
const GET_QUERY =
  'app_id=01KAPP&limit=5&query=caf%C3%A9%20%26%20tea%2Bmilk&tags=b&tags=a&tool_name=search_notes&uid=u1AbC';
const GET_SIGNATURE = '0157d30339830cdd2fb5511bb6068af79ba301437c4da0751a887f612e2ea8ed';
const POST_PATH = '/tools/like_tweet';
const POST_BODY =
  '{"tweet_id":"1850000000000000000","uid":"u1AbC","app_id":"01KAPP","tool_name":"like_tweet"}';
const POST_SIGNATURE = '9d3ed16fc991fc13e7ad331370b40bce79b174cc60865b7c919033e7c6163452';

const headersFor = (signatures: string[], { delivery = DELIVERY, event = 'chat_tool', t = T } = {}) => ({
  'x-omi-signature': [`t=${t}`, ...signatures.map((s) => `v2=${s}`)].join(','),
  'x-omi-delivery': delivery,
  'x-omi-event': event,
});

function expectCode(fn: () => unknown, code: WebhookSignatureErrorCode): WebhookSignatureError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookSignatureError);
    expect((error as WebhookSignatureError).code).toBe(code);
    return error as WebhookSignatureError;
  }
  throw new Error(`expected a WebhookSignatureError with code ${code}`);
}

const getCall = (overrides: Partial<Parameters<typeof verifyChatToolRequest>[0]> = {}) =>
  verifyChatToolRequest({
    headers: headersFor([GET_SIGNATURE]),
    method: 'GET',
    path: GET_PATH,
    query: GET_QUERY,
    secret: SECRET,
    now: T + 10,
    ...overrides,
  });

const postCall = (overrides: Partial<Parameters<typeof verifyChatToolRequest>[0]> = {}) =>
  verifyChatToolRequest({
    headers: headersFor([POST_SIGNATURE]),
    method: 'POST',
    url: POST_PATH,
    body: POST_BODY,
    secret: SECRET,
    now: T + 10,
    ...overrides,
  });

describe('golden vectors', () => {
  it('builds the exact string to sign', () => {
    const message = Buffer.from(`v2\n${T}\n${DELIVERY}\nchat_tool\nPOST\n/tools/like_tweet\n\n${POST_BODY}`);
    const parts = {
      timestamp: T,
      delivery: DELIVERY,
      event: 'chat_tool',
      method: 'post',
      path: POST_PATH,
      body: POST_BODY,
    };
    expect(chatToolStringToSign(parts).equals(message)).toBe(true);
    expect(computeChatToolSignature(SECRET, parts)).toBe(POST_SIGNATURE);
    const get = {
      timestamp: T,
      delivery: DELIVERY,
      event: 'chat_tool',
      method: 'GET',
      path: GET_PATH,
      query: GET_QUERY,
    };
    expect(computeChatToolSignature(SECRET, get)).toBe(GET_SIGNATURE);
  });

  it('agrees with the Python oracle on the golden requests', async () => {
    const common = { secret: SECRET, t: T, delivery: DELIVERY, event: 'chat_tool' };
    const [get, post] = await oracle.v2([
      { ...common, method: 'GET', path: GET_PATH, query: GET_QUERY, body: '' },
      { ...common, method: 'POST', path: POST_PATH, query: '', body: POST_BODY },
    ]);
    expect([get, post]).toEqual([GET_SIGNATURE, POST_SIGNATURE]);
  });

  it('verifies the golden GET with the query in every form a framework gives it', () => {
    const expected = { timestamp: T, delivery: DELIVERY, event: 'chat_tool', secretIndex: 0 };
    expect(getCall()).toEqual(expected);
    expect(getCall({ path: undefined, query: undefined, url: `${GET_PATH}?${GET_QUERY}` })).toEqual(expected);
    expect(
      getCall({ path: undefined, url: `https://example.com:8443${GET_PATH}?${GET_QUERY}#frag` }),
    ).toEqual(expected);
    expect(getCall({ query: new URLSearchParams(GET_QUERY) })).toEqual(expected);
    expect(getCall({ query: [...new URLSearchParams(GET_QUERY)] })).toEqual(expected);
    expect(
      getCall({
        query: {
          uid: 'u1AbC',
          tool_name: 'search_notes',
          tags: ['b', 'a'],
          query: 'café & tea+milk',
          limit: '5',
          app_id: '01KAPP',
        },
      }),
    ).toEqual(expected);
    expect(getCall({ method: 'get' })).toEqual(expected);
    expect(getCall({ body: '' })).toEqual(expected);
    expect(getCall({ headers: new Headers(headersFor([GET_SIGNATURE])) })).toEqual(expected);
  });

  it('verifies rewrites of the same decoded request', () => {
    expect(getCall({ query: GET_QUERY.replaceAll('%20', '+') }).secretIndex).toBe(0);
    expect(getCall({ query: `uid=u1AbC&${GET_QUERY.replace('&uid=u1AbC', '')}` }).secretIndex).toBe(0);
    expect(getCall({ query: GET_QUERY.replace('caf%C3%A9', 'caf%c3%a9') }).secretIndex).toBe(0);
  });

  it('verifies the golden POST from a string, a Buffer or a Uint8Array body', () => {
    expect(postCall().secretIndex).toBe(0);
    expect(postCall({ body: Buffer.from(POST_BODY) }).secretIndex).toBe(0);
    expect(postCall({ body: new TextEncoder().encode(POST_BODY) }).secretIndex).toBe(0);
  });
});

describe('what must fail', () => {
  it('altered arguments', () => {
    for (const query of [
      GET_QUERY.replace('limit=5', 'limit=500'),
      GET_QUERY.replace('uid=u1AbC', 'uid=victim'),
      `${GET_QUERY}&uid=victim`,
      GET_QUERY.replace('tags=b&tags=a', 'tags=a&tags=b'),
    ]) {
      expectCode(() => getCall({ query }), 'signature_mismatch');
    }
    expectCode(() => postCall({ body: POST_BODY.replace('1850', '1851') }), 'signature_mismatch');
  });

  it('another path, method, delivery or event', () => {
    expectCode(() => postCall({ url: '/tools/unlike_tweet' }), 'signature_mismatch');
    expectCode(() => postCall({ method: 'PUT' }), 'signature_mismatch');
    expectCode(() => getCall({ method: 'POST', body: GET_QUERY, query: '' }), 'signature_mismatch');
    expectCode(
      () => getCall({ headers: headersFor([GET_SIGNATURE], { delivery: 'other' }) }),
      'signature_mismatch',
    );
    expectCode(
      () => getCall({ headers: headersFor([GET_SIGNATURE], { event: 'memory_created' }) }),
      'signature_mismatch',
    );
  });

  it('paths a URL parser would normalise to the signed one', () => {
    for (const url of [
      '/tools/x/../like_tweet',
      '/tools/x/%2e%2e/like_tweet',
      '/tools/./like_tweet',
      '/tools\\like_tweet',
      '/tools//like_tweet',
    ]) {
      expectCode(() => postCall({ url }), 'signature_mismatch');
    }
  });

  it('timestamps more than 300 s away, but not exactly 300 s', () => {
    expect(getCall({ now: T + 300 }).timestamp).toBe(T);
    expect(getCall({ now: T - 300 }).timestamp).toBe(T);
    expect(expectCode(() => getCall({ now: T + 301 }), 'timestamp_too_old').message).toContain(
      '300 s tolerance',
    );
    expectCode(() => getCall({ now: T - 301 }), 'timestamp_too_new');
  });

  it('a v1 signature for a v2 check and the other way round', () => {
    const v1 = computeSignature({ secret: SECRET, timestamp: T, uid: 'u1AbC', body: POST_BODY });
    const error = expectCode(
      () => postCall({ headers: { ...headersFor([]), 'x-omi-signature': `t=${T},v1=${v1}` } }),
      'no_signatures',
    );
    expect(error.message).toContain('verify()');
  });

  it('missing or malformed headers', () => {
    const full = headersFor([GET_SIGNATURE]);
    const without = (name: keyof typeof full) =>
      Object.fromEntries(Object.entries(full).filter(([k]) => k !== name));
    for (const name of Object.keys(full) as Array<keyof typeof full>) {
      const error = expectCode(() => getCall({ headers: without(name) }), 'missing_header');
      expect(error.message.toLowerCase()).toContain(name);
    }
    expectCode(() => getCall({ headers: {} }), 'missing_header');
    expectCode(() => getCall({ headers: headersFor([]) }), 'no_signatures');
    expectCode(
      () => getCall({ headers: { ...full, 'x-omi-signature': `t=abc,v2=${GET_SIGNATURE}` } }),
      'malformed_header',
    );
    expectCode(
      () => getCall({ headers: headersFor([GET_SIGNATURE], { delivery: 'a\nb' }) }),
      'malformed_header',
    );
    expectCode(
      () => getCall({ headers: headersFor([GET_SIGNATURE], { delivery: 'café' }) }),
      'malformed_header',
    );
    expectCode(
      () => getCall({ headers: headersFor([GET_SIGNATURE], { event: 'chat\ttool' }) }),
      'malformed_header',
    );
    expectCode(() => getCall({ headers: headersFor(['éé']) }), 'signature_mismatch');
  });

  it('input that cannot be canonicalised', () => {
    expectCode(() => getCall({ query: [['q', '\ud800']] }), 'malformed_request');
    expectCode(() => getCall({ method: '' }), 'malformed_request');
    expectCode(() => getCall({ method: 'GÉT' }), 'malformed_request');
    expectCode(() => postCall({ body: JSON.parse(POST_BODY) as string }), 'body_not_raw');
  });
});

describe('signChatToolRequest', () => {
  it('produces the headers Omi sends, for one or two secrets', () => {
    const one = signChatToolRequest({
      secret: SECRET,
      method: 'GET',
      url: `${GET_PATH}?${GET_QUERY}`,
      delivery: DELIVERY,
      timestamp: T,
    });
    expect(one).toEqual({
      'X-Omi-Signature': `t=${T},v2=${GET_SIGNATURE}`,
      'X-Omi-Event': 'chat_tool',
      'X-Omi-Delivery': DELIVERY,
    });
    const two = signChatToolRequest({
      secrets: [SECRET, PREVIOUS],
      method: 'POST',
      path: POST_PATH,
      body: POST_BODY,
      delivery: DELIVERY,
      timestamp: new Date(T * 1000),
    });
    const previous = computeChatToolSignature(PREVIOUS, {
      timestamp: T,
      delivery: DELIVERY,
      event: 'chat_tool',
      method: 'POST',
      path: POST_PATH,
      body: POST_BODY,
    });
    expect(two['X-Omi-Signature']).toBe(`t=${T},v2=${POST_SIGNATURE},v2=${previous}`);
    for (const secret of [SECRET, PREVIOUS]) {
      expect(postCall({ headers: two, secret }).timestamp).toBe(T);
    }
    expectCode(() => postCall({ headers: two, secret: 'whsec_never-issued' }), 'signature_mismatch');
    expect(
      postCall({ headers: two, secret: undefined, secrets: ['whsec_never-issued', PREVIOUS] }).secretIndex,
    ).toBe(1);
  });

  it('defaults to a fresh UUID delivery, the chat_tool event and the current time', () => {
    const a = signChatToolRequest({ secret: SECRET, method: 'GET', url: '/tools/x?uid=u1' });
    const b = signChatToolRequest({ secret: SECRET, method: 'GET', url: '/tools/x?uid=u1' });
    expect(a['X-Omi-Delivery']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(a['X-Omi-Delivery']).not.toBe(b['X-Omi-Delivery']);
    expect(a['X-Omi-Event']).toBe('chat_tool');
    expect(
      verifyChatToolRequest({ headers: a, method: 'GET', url: '/tools/x?uid=u1', secret: SECRET }).event,
    ).toBe('chat_tool');
  });

  describe('matches the Python oracle on canonicalisation edge cases', () => {
    const cases: V2Case[] = [
      { path: '/tools/a b/%7e', query: 'q=a+b&Q=%7e&r=%3A%2F', method: 'get', body: '' },
      { path: '', query: '', method: 'POST', body: '{"text":"héllo 🧠","uid":"u"}' },
      { path: '/tools/caf%c3%a9', query: 'z=1&a=2&a=1&_=0&%C3%A9=x', method: 'PATCH', body: '{}' },
      {
        path: '/tools/x',
        query: [
          ['b', '1'],
          ['a', 'x y'],
          ['b', '0'],
        ],
        method: 'put',
        body: '',
      },
      { path: '/t/%E9%zz/+', query: 'flag&e=&s=%E9', method: 'DELETE', body: '' },
    ].map((c) => ({ secret: SECRET, t: T, delivery: DELIVERY, event: 'chat_tool', ...c }) as V2Case);
    let expected: string[];
    let messages: Buffer[];
    beforeAll(async () => {
      expected = await oracle.v2(cases);
      messages = await oracle.v2Message(cases);
    });

    it('signs and verifies every case like Python', () => {
      cases.forEach((c, i) => {
        const parts = {
          timestamp: c.t,
          delivery: c.delivery,
          event: c.event,
          method: c.method,
          path: c.path,
          query: c.query,
          body: c.body,
        };
        expect(chatToolStringToSign(parts).toString('hex')).toBe(messages[i]!.toString('hex'));
        const headers = signChatToolRequest({ ...parts, secret: SECRET, timestamp: c.t });
        expect(headers['X-Omi-Signature']).toBe(`t=${T},v2=${expected[i]}`);
        expect(
          verifyChatToolRequest({
            headers,
            method: c.method,
            path: c.path,
            query: c.query,
            body: c.body,
            secret: SECRET,
            now: T,
          }).secretIndex,
        ).toBe(0);
      });
    });
  });
});
