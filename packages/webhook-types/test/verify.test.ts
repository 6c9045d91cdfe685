import {
  computeSignature,
  sign,
  verify,
  WebhookSignatureError,
  type WebhookSignatureErrorCode,
} from '@omi-kit/webhook-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { oracle } from './python-oracle.js';

const SECRET = 'whsec_test-secret-one';
const OTHER = 'whsec_test-secret-two';
const NEVER = 'whsec_never-issued';
const UID = 'user-abc123';
const T = 1_760_000_000;

// Hard-coded, produced outside this code base with:
//   printf '%s' '1760000000.user-abc123.{"text":"héllo 🧠"}' | openssl dgst -sha256 -hmac 'whsec_test-secret-one'
const HELLO_BODY = '{"text":"héllo 🧠"}';
const HELLO_SIG = 'cd07cba6f595f0b6396ab5817ba7e3db07756a01df395e6c90ba9109ee61e6c8';
//   printf '%s' '1760000000..{"id":"conversation-1","structured":{"title":"Plan"}}' | openssl dgst -sha256 -hmac 'whsec_test-secret-one'
const PLAN_BODY = '{"id":"conversation-1","structured":{"title":"Plan"}}';
const PLAN_EMPTY_UID_SIG = '8d8c2aa9385a7f0529699707554348935e58e25f6bc73b91569b7aa693277456';

/** 2 s of 16 kHz PCM16 LE mono: a sine with every byte value present, and invalid UTF-8 all over. */
function pcm(seconds: number, rate = 16_000): Buffer {
  const samples = seconds * rate;
  const buf = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) buf.writeInt16LE(Math.round(Math.sin(i / 7) * 32_767), i * 2);
  for (let b = 0; b < 256; b++) buf[b] = b;
  return buf;
}

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

describe('v1 vectors computed outside the implementation', () => {
  it('matches the openssl vector for a non-ASCII JSON body', () => {
    expect(computeSignature({ secret: SECRET, timestamp: T, uid: UID, body: HELLO_BODY })).toBe(HELLO_SIG);
    expect(sign({ secret: SECRET, uid: UID, body: HELLO_BODY, timestamp: T })).toBe(`t=${T},v1=${HELLO_SIG}`);
    expect(
      verify({ header: `t=${T},v1=${HELLO_SIG}`, body: HELLO_BODY, uid: UID, secret: SECRET, now: T }),
    ).toEqual({
      timestamp: T,
      secretIndex: 0,
    });
  });

  it('matches the openssl vector for an empty uid ("<t>.." + body)', () => {
    expect(computeSignature({ secret: SECRET, timestamp: T, uid: '', body: PLAN_BODY })).toBe(
      PLAN_EMPTY_UID_SIG,
    );
    const header = `t=${T},v1=${PLAN_EMPTY_UID_SIG}`;
    expect(verify({ header, body: PLAN_BODY, uid: '', secret: SECRET, now: T }).timestamp).toBe(T);
    expectCode(
      () => verify({ header, body: PLAN_BODY, uid: UID, secret: SECRET, now: T }),
      'signature_mismatch',
    );
  });

  describe('against Python hmac for many bodies and uids', () => {
    let omiJson: Buffer[];
    beforeAll(async () => {
      // The bytes Omi puts on the wire for JSON: compact, ensure_ascii=False.
      omiJson = await oracle.omiJson([
        { text: 'héllo 🧠' },
        { session_id: 'uid-1', segments: [{ text: 'Ça va? 日本語 — “quotes”', speaker_id: 0, start: 0.5 }] },
        { emoji: '👩‍👩‍👧‍👦', escaped: 'line\nbreak\ttab "quote" \\ back\u0000nul' },
      ]);
    });

    it('signs and verifies exactly like Python', async () => {
      const bodies: Array<Uint8Array | string> = [
        ...omiJson,
        pcm(2),
        new Uint8Array(0),
        '{"plain":"ascii"}',
        Buffer.from([0xff, 0xfe, 0x00, 0xc3]),
      ];
      const uids = [UID, '', 'ü/+ ?&=.', 'A'.repeat(200)];
      const cases = bodies.flatMap((body) => uids.map((uid) => ({ secret: SECRET, t: T, uid, body })));
      const expected = await oracle.v1(cases);
      cases.forEach((c, i) => {
        expect(computeSignature({ secret: c.secret, timestamp: c.t, uid: c.uid, body: c.body })).toBe(
          expected[i],
        );
        const header = sign({ secret: c.secret, uid: c.uid, body: c.body, timestamp: c.t });
        expect(header).toBe(`t=${T},v1=${expected[i]}`);
        expect(verify({ header, body: c.body, uid: c.uid, secret: SECRET, now: T }).secretIndex).toBe(0);
      });
    });

    it('takes a string body as its UTF-8 bytes, as is', async () => {
      const [sig] = await oracle.v1([
        { secret: SECRET, t: T, uid: UID, body: Buffer.from(HELLO_BODY, 'utf8') },
      ]);
      const header = `t=${T},v1=${sig}`;
      expect(verify({ header, body: HELLO_BODY, uid: UID, secret: SECRET, now: T }).timestamp).toBe(T);
      // The same text re-serialized with \u escapes (JSON.stringify of the parse is not it either) fails.
      expectCode(
        () =>
          verify({ header, body: '{"text":"h\\u00e9llo \\ud83e\\udde0"}', uid: UID, secret: SECRET, now: T }),
        'signature_mismatch',
      );
    });

    it('accepts Buffer, a Uint8Array view with an offset, an ArrayBuffer and a string for the same bytes', async () => {
      const body = omiJson[1]!;
      const [sig] = await oracle.v1([{ secret: SECRET, t: T, uid: UID, body }]);
      const header = `t=${T},v1=${sig}`;
      const padded = new Uint8Array(body.length + 10);
      padded.set(body, 5);
      const view = padded.subarray(5, 5 + body.length);
      const arrayBuffer = new Uint8Array(body).buffer;
      for (const b of [body, new Uint8Array(body), view, arrayBuffer, body.toString('utf8')]) {
        expect(verify({ header, body: b, uid: UID, secret: SECRET, now: T }).timestamp).toBe(T);
      }
    });

    it('verifies a binary PCM16 body (audio_bytes) signed by Python', async () => {
      const audio = pcm(4, 8000);
      const [sig] = await oracle.v1([{ secret: SECRET, t: T, uid: UID, body: audio }]);
      expect(
        verify({ header: `t=${T},v1=${sig}`, body: audio, uid: UID, secret: SECRET, now: T }).timestamp,
      ).toBe(T);
      const flipped = Buffer.from(audio);
      flipped[1000] = flipped[1000]! ^ 1;
      expectCode(
        () => verify({ header: `t=${T},v1=${sig}`, body: flipped, uid: UID, secret: SECRET, now: T }),
        'signature_mismatch',
      );
    });
  });
});

describe('rotation', () => {
  let header: string;
  beforeAll(async () => {
    const [current, previous] = await oracle.v1([
      { secret: SECRET, t: T, uid: UID, body: PLAN_BODY },
      { secret: OTHER, t: T, uid: UID, body: PLAN_BODY },
    ]);
    header = `t=${T},v1=${current},v1=${previous}`;
  });

  it('signs one v1= per secret, current first', () => {
    expect(sign({ secrets: [SECRET, OTHER], uid: UID, body: PLAN_BODY, timestamp: T })).toBe(header);
    expect(sign({ secret: SECRET, secrets: [OTHER], uid: UID, body: PLAN_BODY, timestamp: T })).toBe(header);
  });

  it('passes when any v1 matches any given secret, and says which secret matched', () => {
    const base = { header, body: PLAN_BODY, uid: UID, now: T };
    expect(verify({ ...base, secret: SECRET }).secretIndex).toBe(0);
    expect(verify({ ...base, secret: OTHER }).secretIndex).toBe(0);
    expect(verify({ ...base, secrets: [NEVER, OTHER] }).secretIndex).toBe(1);
    expect(verify({ ...base, secret: NEVER, secrets: [SECRET] }).secretIndex).toBe(1);
    const error = expectCode(
      () => verify({ ...base, secrets: [NEVER, 'whsec_other'] }),
      'signature_mismatch',
    );
    expect(error.message).toContain('any of the 2 secrets');
    expect(error.details.secretCount).toBe(2);
  });
});

describe('header parsing', () => {
  let sig: string;
  beforeAll(async () => {
    [sig] = (await oracle.v1([{ secret: SECRET, t: T, uid: UID, body: PLAN_BODY }])) as [string];
  });
  const check = (header: string) => verify({ header, body: PLAN_BODY, uid: UID, secret: SECRET, now: T });

  it('ignores unknown keys (v2= on a webhook), parts without =, and spaces around parts', () => {
    expect(check(`t=${T},v2=deadbeef,v1=${sig}`).timestamp).toBe(T);
    expect(check(`v1=0000,x=1,novalue,t=${T}, v1=${sig} ,v3=`).timestamp).toBe(T);
  });

  it('splits each part on its first = only', () => {
    expectCode(() => check(`t=${T},v1=${sig}=`), 'signature_mismatch');
    expect(check(`t=${T},v1=a=b,v1=${sig}`).timestamp).toBe(T);
  });

  it('reads t as an integer the way Python int() does (spaces, sign, underscores, leading zeros)', () => {
    for (const t of [` ${T}`, `0${T}`, `+${T}`, '1_760_000_000'])
      expect(check(`t=${t},v1=${sig}`).timestamp).toBe(T);
  });

  it('fails on a missing or non-integer t', () => {
    for (const header of [
      `v1=${sig}`,
      `t=,v1=${sig}`,
      `t=abc,v1=${sig}`,
      `t=${T}.5,v1=${sig}`,
      `t=1e9,v1=${sig}`,
    ]) {
      expectCode(() => check(header), 'malformed_header');
    }
    expectCode(() => check(`t=${T},v1=${sig},t=x`), 'malformed_header');
    expectCode(() => check('garbage'), 'malformed_header');
  });

  it('fails with no_signatures when there is no v1 value, and points chat-tool calls to the v2 check', () => {
    expect(expectCode(() => check(`t=${T}`), 'no_signatures').message).toMatch(/no v1= signature/);
    expectCode(() => check(`t=${T},v1=`), 'no_signatures');
    const error = expectCode(() => check(`t=${T},v2=${sig}`), 'no_signatures');
    expect(error.message).toContain('verifyChatToolRequest');
  });

  it('compares case-sensitively and on bytes, like hmac.compare_digest', () => {
    expectCode(() => check(`t=${T},v1=${sig.toUpperCase()}`), 'signature_mismatch');
    expectCode(() => check(`t=${T},v1=ÿÿ-not-hex`), 'signature_mismatch');
    expectCode(() => check(`t=${T},v1=${sig.slice(0, 63)}`), 'signature_mismatch');
    expectCode(() => check(`t=${T},v1=${sig}00`), 'signature_mismatch');
  });

  it('reads the header from any header shape, or an array value', () => {
    const value = `t=${T},v1=${sig}`;
    const base = { body: PLAN_BODY, uid: UID, secret: SECRET, now: T };
    expect(verify({ ...base, headers: { 'x-omi-signature': value } }).timestamp).toBe(T);
    expect(verify({ ...base, headers: { 'X-Omi-Signature': value } }).timestamp).toBe(T);
    expect(verify({ ...base, headers: new Headers({ 'X-Omi-Signature': value }) }).timestamp).toBe(T);
    expect(verify({ ...base, header: [value, 'junk'] }).timestamp).toBe(T);
  });

  it('fails with missing_header when there is no signature header', () => {
    const base = { body: PLAN_BODY, uid: UID, secret: SECRET, now: T };
    for (const input of [
      { header: undefined },
      { header: '' },
      { header: [] as string[] },
      { headers: {} },
      {},
    ]) {
      const error = expectCode(() => verify({ ...base, ...input }), 'missing_header');
      expect(error.message).toMatch(/fails open/);
    }
  });
});

describe('timestamp tolerance', () => {
  let header: string;
  beforeAll(async () => {
    header = `t=${T},v1=${(await oracle.v1([{ secret: SECRET, t: T, uid: UID, body: PLAN_BODY }]))[0]}`;
  });
  const at = (now: number | Date, toleranceSec?: number) =>
    verify({ header, body: PLAN_BODY, uid: UID, secret: SECRET, now, toleranceSec });

  it('passes at exactly ±300 s', () => {
    expect(at(T + 300).timestamp).toBe(T);
    expect(at(T - 300).timestamp).toBe(T);
    expect(at(new Date((T + 300) * 1000)).timestamp).toBe(T);
  });

  it('fails at 301 s either way, saying by how much and the tolerance', () => {
    const old = expectCode(() => at(T + 301), 'timestamp_too_old');
    expect(old.message).toContain('301 s old, 1 s beyond the 300 s tolerance');
    expect(old.details).toMatchObject({ timestamp: T, now: T + 301, toleranceSec: 300, skewSec: 301 });
    const future = expectCode(() => at(T - 301), 'timestamp_too_new');
    expect(future.message).toContain('301 s in the future, 1 s beyond the 300 s tolerance');
    expect(future.message).toMatch(/NTP/);
  });

  it('fails just past the edge with a fractional clock', () => {
    expectCode(() => at(T + 300.001), 'timestamp_too_old');
  });

  it('honours toleranceSec, including 0 and Infinity', () => {
    expect(at(T + 1000, 2000).timestamp).toBe(T);
    expect(at(T, 0).timestamp).toBe(T);
    expectCode(() => at(T + 1, 0), 'timestamp_too_old');
    expect(at(T + 10 ** 9, Number.POSITIVE_INFINITY).timestamp).toBe(T);
    expect(() => at(T, -1)).toThrow(TypeError);
  });

  it('uses the wall clock when now is omitted', () => {
    const t = Math.floor(Date.now() / 1000);
    const fresh = sign({ secret: SECRET, uid: UID, body: PLAN_BODY });
    expect(fresh.startsWith(`t=${t}`) || fresh.startsWith(`t=${t + 1}`)).toBe(true);
    expect(verify({ header: fresh, body: PLAN_BODY, uid: UID, secret: SECRET }).secretIndex).toBe(0);
    expectCode(() => verify({ header, body: PLAN_BODY, uid: UID, secret: SECRET }), 'timestamp_too_old');
  });

  it('refuses a now or timestamp in milliseconds', () => {
    expect(() => at(T * 1000)).toThrow(/milliseconds/);
    expect(() => sign({ secret: SECRET, uid: UID, body: '', timestamp: Date.now() })).toThrow(/milliseconds/);
  });
});

describe('diagnostics', () => {
  const base = { header: `t=${T},v1=${'0'.repeat(64)}`, body: PLAN_BODY, uid: UID, secret: SECRET, now: T };

  it('body_not_raw: a parsed object, array, undefined, null, number or "[object Object]"', () => {
    const parsed = JSON.parse(PLAN_BODY) as unknown;
    for (const body of [parsed, [parsed], undefined, null, 42, '[object Object]']) {
      const error = expectCode(() => verify({ ...base, body: body as string }), 'body_not_raw');
      expect(error.message).toMatch(/raw request body/);
    }
    const error = expectCode(() => verify({ ...base, body: parsed as string }), 'body_not_raw');
    expect(error.message).toContain('Pass the raw request body, not the parsed JSON');
    expectCode(() => sign({ secret: SECRET, uid: UID, body: parsed as string }), 'body_not_raw');
  });

  it('secret_has_whitespace: leading or trailing whitespace in any secret', () => {
    for (const secret of [` ${SECRET}`, `${SECRET}\n`, `${SECRET}\r\n`, `\t${SECRET}`]) {
      const error = expectCode(() => verify({ ...base, secret }), 'secret_has_whitespace');
      expect(error.message).toMatch(/Trim it/);
      expectCode(() => sign({ secret, uid: UID, body: '' }), 'secret_has_whitespace');
    }
    const error = expectCode(
      () => verify({ ...base, secret: undefined, secrets: [SECRET, `${OTHER} `] }),
      'secret_has_whitespace',
    );
    expect(error.message).toContain('#2');
    expect(error.details.secretIndex).toBe(1);
  });

  it('secret_missing: no secret, an empty one, or an unset environment variable', () => {
    for (const input of [
      { secret: undefined },
      { secret: '' },
      { secret: undefined, secrets: [] },
      { secrets: [undefined as unknown as string] },
    ]) {
      expectCode(() => verify({ ...base, secret: undefined, ...input }), 'secret_missing');
    }
    expectCode(() => sign({ uid: UID, body: '' }), 'secret_missing');
  });

  it('signature_mismatch: names what to check, and flags a secret that is not whsec_', () => {
    const error = expectCode(() => verify(base), 'signature_mismatch');
    expect(error.message).toMatch(/raw body bytes/);
    expect(error.message).toMatch(/uid/);
    expect(error.message).not.toMatch(/whsec_ is it/);
    const apiKey = expectCode(() => verify({ ...base, secret: 'sk_0123456789abcdef' }), 'signature_mismatch');
    expect(apiKey.message).toMatch(/starts with whsec_/);
    const emptyUid = expectCode(() => verify({ ...base, uid: '' }), 'signature_mismatch');
    expect(emptyUid.message).toMatch(/you passed ''/);
  });

  it('never puts a secret or the expected signature in a message, details or stack', () => {
    const expected = computeSignature({ secret: SECRET, timestamp: T, uid: UID, body: PLAN_BODY });
    const tampered = `${PLAN_BODY} `;
    const errors = [
      expectCode(
        () => verify({ ...base, header: `t=${T},v1=${expected}`, body: tampered }),
        'signature_mismatch',
      ),
      expectCode(
        () => verify({ ...base, header: `t=${T},v1=${expected}`, now: T + 999 }),
        'timestamp_too_old',
      ),
      expectCode(
        () => verify({ ...base, header: `t=${T},v1=${expected}`, now: T - 999 }),
        'timestamp_too_new',
      ),
      expectCode(() => verify({ ...base, secret: `${SECRET} ` }), 'secret_has_whitespace'),
      expectCode(() => verify({ ...base, header: `t=x,v1=${expected}` }), 'malformed_header'),
      expectCode(() => verify({ ...base, header: `t=${T}` }), 'no_signatures'),
      expectCode(() => verify({ ...base, header: '' }), 'missing_header'),
      expectCode(() => verify({ ...base, body: {} as string }), 'body_not_raw'),
      expectCode(() => verify({ ...base, secret: '' }), 'secret_missing'),
    ];
    const tamperedExpected = computeSignature({ secret: SECRET, timestamp: T, uid: UID, body: tampered });
    for (const error of errors) {
      const text = [
        error.message,
        String(error),
        error.stack,
        JSON.stringify(error),
        JSON.stringify(error.details),
      ].join('\n');
      for (const secret of [SECRET, SECRET.slice(6)]) expect(text).not.toContain(secret);
      expect(text).not.toContain(tamperedExpected);
      expect(error.name).toBe('WebhookSignatureError');
    }
  });
});
