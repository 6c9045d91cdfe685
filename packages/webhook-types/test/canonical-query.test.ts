import { canonicalQuery, WebhookSignatureError } from '@omi-kit/webhook-types';
import { describe, expect, it } from 'vitest';
import { oracle } from './python-oracle.js';

// [decoded pairs, canonical form]. The first block is the table of Omi's own SDK tests
// (plugins/omi-plugin-sdk/tests/test_request_signing.py); every row is also checked against Python below.
const PAIRS: Array<[Array<[string, string]>, string]> = [
  [[['q', 'a b']], 'q=a%20b'],
  [[['q', 'a+b']], 'q=a%2Bb'],
  [[['q', 'x&y=z']], 'q=x%26y%3Dz'],
  [[['q', 'café']], 'q=caf%C3%A9'],
  [[['q', 'cafe\u0301']], 'q=cafe%CC%81'],
  [[['q', '🙂']], 'q=%F0%9F%99%82'],
  [[['q', "it's (ok)!*"]], 'q=it%27s%20%28ok%29%21%2A'],
  [[['q', '~-._']], 'q=~-._'],
  [
    [
      ['b', '2'],
      ['a', '1'],
      ['b', '1'],
    ],
    'a=1&b=2&b=1',
  ],
  [[['flag', '']], 'flag='],
  [[], ''],
  [[['a b', '1']], 'a%20b=1'],
  [
    [
      ['Z', '1'],
      ['a', '1'],
      ['_', '1'],
      ['é', '1'],
    ],
    '%C3%A9=1&Z=1&_=1&a=1',
  ],
  // Every RFC 3986 reserved character is escaped; unreserved ones never are.
  [[['r', ":/?#[]@!$&'()*+,;="]], 'r=%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D'],
  [[['u', 'AZaz09-._~']], 'u=AZaz09-._~'],
  [[['pct', '100%']], 'pct=100%25'],
  [[['nl', 'a\nb\r\t\u0000']], 'nl=a%0Ab%0D%09%00'],
  // Repeated names keep their order, whatever the other names do around them.
  [
    [
      ['tags', 'b'],
      ['x', '0'],
      ['tags', 'a'],
      ['a', '9'],
      ['tags', 'c'],
    ],
    'a=9&tags=b&tags=a&tags=c&x=0',
  ],
  [[['', 'empty-name']], '=empty-name'],
];

// Raw query strings, decoded as Python's parse_qsl(keep_blank_values=True) does.
const RAW: Array<[string, string]> = [
  ['q=a+b', 'q=a%20b'],
  ['q=a%20b', 'q=a%20b'],
  ['q=a%2Bb', 'q=a%2Bb'],
  ['q=caf%c3%a9', 'q=caf%C3%A9'],
  ['q=%7e%7E~', 'q=~~~'],
  ['q=%zz%4%', 'q=%25zz%254%25'],
  ['q=%E9', 'q=%EF%BF%BD'],
  ['q=%F0%9F%99', 'q=%EF%BF%BD'],
  ['q=%C3%28', 'q=%EF%BF%BD%28'],
  ['q=caf\u00e9', 'q=caf%C3%A9'],
  ['q=\u00e9%A9', 'q=%C3%A9%EF%BF%BD'],
  ['a=1&&b=2&', 'a=1&b=2'],
  ['flag&x=', 'flag=&x='],
  ['a=b=c', 'a=b%3Dc'],
  ['=v', '=v'],
  ['tags=b&tags=a', 'tags=b&tags=a'],
  ['a;b=1', 'a%3Bb=1'],
  ['', ''],
  [
    'app_id=01KAPP&limit=5&query=caf%C3%A9%20%26%20tea%2Bmilk&tags=b&tags=a&tool_name=search_notes&uid=u1AbC',
    'app_id=01KAPP&limit=5&query=caf%C3%A9%20%26%20tea%2Bmilk&tags=b&tags=a&tool_name=search_notes&uid=u1AbC',
  ],
  ['uid=u1&tool_name=x&app_id=A', 'app_id=A&tool_name=x&uid=u1'],
];

describe('canonicalQuery', () => {
  it('encodes decoded pairs as expected, and as Python urllib.parse does', async () => {
    const python = await oracle.canonicalQuery(PAIRS.map(([pairs]) => pairs));
    PAIRS.forEach(([pairs, expected], i) => {
      expect(canonicalQuery(pairs)).toBe(expected);
      expect(python[i]).toBe(expected);
    });
  });

  it('decodes raw query strings like parse_qsl: + is a space, lower-case %xx, bad escapes kept, bad UTF-8 as U+FFFD', async () => {
    const python = await oracle.canonicalQuery(RAW.map(([raw]) => raw));
    RAW.forEach(([raw, expected], i) => {
      expect(canonicalQuery(raw)).toBe(expected);
      expect(python[i]).toBe(expected);
    });
  });

  it('gives the same result for every way a framework hands over the query', () => {
    const raw = 'tool_name=search&q=caf%C3%A9+%26+tea&tags=b&tags=a&empty=';
    const expected = 'empty=&q=caf%C3%A9%20%26%20tea&tags=b&tags=a&tool_name=search';
    expect(canonicalQuery(raw)).toBe(expected);
    expect(canonicalQuery(`?${raw}`)).toBe(expected);
    expect(canonicalQuery(new URLSearchParams(raw))).toBe(expected);
    expect(canonicalQuery(new URLSearchParams(raw).entries())).toBe(expected);
    expect(
      canonicalQuery({
        tool_name: 'search',
        q: 'café & tea',
        tags: ['b', 'a'],
        empty: '',
        absent: undefined,
      }),
    ).toBe(expected);
    expect(canonicalQuery(undefined)).toBe('');
    expect(canonicalQuery(null)).toBe('');
  });

  it('refuses what cannot be canonicalised', () => {
    const bad = [
      [['q', '\ud800']],
      { q: '\udc00x' },
      { nested: { a: '1' } },
      [['only-one']],
      [['q', 1]],
      'q=\ud83d',
    ] as unknown as string[];
    for (const query of bad) {
      expect(() => canonicalQuery(query)).toThrow(WebhookSignatureError);
      try {
        canonicalQuery(query);
      } catch (error) {
        expect((error as WebhookSignatureError).code).toBe('malformed_request');
      }
    }
  });
});
