import { readFileSync } from 'node:fs';
import {
  Conversation,
  CreateMemoriesBatchRequest,
  compileAcceptor,
  DeveloperMemory,
  TranscriptSegment,
} from '@omi-kit/schemas';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const conversation = JSON.parse(
  readFileSync(new URL('./payloads/webhook-conversation.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** A small deterministic generator (mulberry32), so a failure names a seed that reproduces it. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const replacements: unknown[] = [null, 0, -1.5, '', 'x', 'other', true, [], {}, [1], { a: 1 }, '2024-01-01'];

/** Change one value somewhere in the tree: replace it, delete its key, or add an unknown key. */
function mutate(value: unknown, next: () => number): unknown {
  const copy = structuredClone(value);
  const containers: Array<Record<string, unknown> | unknown[]> = [];
  const walk = (node: unknown) => {
    if (node && typeof node === 'object') {
      containers.push(node as Record<string, unknown>);
      for (const child of Object.values(node)) walk(child);
    }
  };
  walk(copy);
  const target = containers[Math.floor(next() * containers.length)]!;
  const pick = () => replacements[Math.floor(next() * replacements.length)];
  // Only changes JSON can carry: arrays get elements replaced or added, objects keys.
  if (Array.isArray(target)) {
    if (target.length === 0 || next() < 0.2) target.push(pick());
    else target[Math.floor(next() * target.length)] = pick();
    return copy;
  }
  const keys = Object.keys(target);
  const action = next();
  if (keys.length === 0 || action < 0.1) {
    target[`unknown_${Math.floor(next() * 1000)}`] = replacements[0];
  } else {
    const key = keys[Math.floor(next() * keys.length)]!;
    if (action < 0.3) delete target[key];
    else target[key] = pick();
  }
  return copy;
}

describe('compileAcceptor', () => {
  it('compiles once per schema and mode', () => {
    expect(compileAcceptor(Conversation)).toBe(compileAcceptor(Conversation));
    expect(compileAcceptor(Conversation, { unchanged: true })).toBe(
      compileAcceptor(Conversation, { unchanged: true }),
    );
    expect(compileAcceptor(Conversation, { unchanged: true })).not.toBe(compileAcceptor(Conversation));
  });

  it('accepts the realistic payloads the schemas accept, so the quick path is taken', () => {
    expect(Conversation.safeParse(conversation).success).toBe(true);
    expect(compileAcceptor(Conversation)(conversation)).toBe(true);
    const segments = conversation.transcript_segments as unknown[];
    expect(segments.length).toBeGreaterThan(0);
    for (const segment of segments) expect(compileAcceptor(TranscriptSegment)(segment)).toBe(true);
  });

  it('never says yes to a value zod rejects (2,000 seeded mutations of a real conversation)', () => {
    const accepts = compileAcceptor(Conversation);
    let rejectedByZod = 0;
    let acceptedQuickly = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const next = random(seed);
      let value: unknown = conversation;
      const rounds = 1 + Math.floor(next() * 3);
      for (let i = 0; i < rounds; i++) value = mutate(value, next);
      const zodSays = Conversation.safeParse(value).success;
      const quick = accepts(value);
      if (quick && !zodSays) throw new Error(`seed ${seed}: the acceptor said yes, zod said no`);
      if (!zodSays) rejectedByZod++;
      if (quick) acceptedQuickly++;
    }
    // Both outcomes occur, so the check above was exercised both ways.
    expect(rejectedByZod).toBeGreaterThan(100);
    expect(acceptedQuickly).toBeGreaterThan(100);
  });

  it('reads keys that need escaping in generated code exactly as zod does', () => {
    const schema = z.object({
      'a"b': z.string(),
      'c\\d': z.number().optional(),
      'line\nbreak': z.boolean().optional(),
      '\u2028': z.string().optional(),
      "it's": z.null().optional(),
    });
    const accepts = compileAcceptor(schema);
    expect(accepts.name).toBe('acceptObject');
    const cases: unknown[] = [
      { 'a"b': 'x' },
      { 'a"b': 1 },
      {},
      { 'a"b': 'x', 'c\\d': 2, 'line\nbreak': true, '\u2028': 'y', "it's": null },
      { 'a"b': 'x', 'c\\d': 'two' },
      { 'a"b': 'x', 'line\nbreak': 'yes' },
      { 'a"b': 'x', '\u2028': 3 },
      { 'a"b': 'x', "it's": 0 },
    ];
    for (const value of cases) {
      expect({ value, quick: accepts(value) }).toEqual({ value, quick: schema.safeParse(value).success });
    }
  });

  it('works the same where code generation is refused (a CSP, --disallow-code-generation-from-strings)', () => {
    const generator = globalThis.Function;
    let accepts: (value: unknown) => boolean;
    globalThis.Function = function refused() {
      throw new EvalError('Code generation from strings disallowed for this context');
    } as unknown as FunctionConstructor;
    try {
      // A schema of its own, so nothing compiled before is reused.
      accepts = compileAcceptor(Conversation.extend({}));
    } finally {
      globalThis.Function = generator;
    }
    expect(accepts.name).not.toBe('acceptObject');
    expect(accepts(conversation)).toBe(true);
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const value = mutate(conversation, next);
      if (accepts(value)) expect(Conversation.safeParse(value).success).toBe(true);
    }
  });

  it('follows each construct: strict and loose objects, optional, nullable, default, catch, unions', () => {
    const schema = z.object({
      strict: z.strictObject({ a: z.string() }).optional(),
      loose: z.looseObject({ a: z.number() }).optional(),
      typed: z.object({ a: z.string() }).catchall(z.number()).optional(),
      maybe: z.string().nullable().optional(),
      withDefault: z.number().default(3),
      caught: z.enum(['a', 'b']).catch('a'),
      either: z.union([z.literal('x'), z.array(z.boolean())]).optional(),
    });
    const accepts = compileAcceptor(schema);
    const cases: unknown[] = [
      {},
      { strict: { a: 'x' } },
      { strict: { a: 'x', extra: 1 } },
      { loose: { a: 1, extra: 'kept' } },
      { loose: { a: '1' } },
      { typed: { a: 'x', n: 1 } },
      { typed: { a: 'x', n: 'not a number' } },
      { maybe: null },
      { maybe: 1 },
      { withDefault: 'three' },
      { caught: 'anything' },
      { either: 'x' },
      { either: [true, false] },
      { either: 'y' },
      { either: [1] },
      [],
      null,
      'text',
    ];
    for (const value of cases) {
      const zodSays = schema.safeParse(value).success;
      expect({ value, quick: accepts(value) }).toEqual({ value, quick: zodSays });
    }
  });

  it('hands checks, coercions and transforms to zod itself', () => {
    const schema = z.object({
      email: z.email(),
      short: z.string().max(3),
      count: z.int().min(1),
      list: z.array(z.string()).min(1),
      piped: z.string().transform((s) => s.length),
      refined: z.object({ a: z.number() }).refine((v) => v.a > 0),
    });
    const accepts = compileAcceptor(schema);
    const good = { email: 'a@b.co', short: 'abc', count: 2, list: ['x'], piped: 'p', refined: { a: 1 } };
    expect(accepts(good)).toBe(true);
    for (const [key, bad] of Object.entries({
      email: 'not an email',
      short: 'abcd',
      count: 1.5,
      list: [],
      piped: 3,
      refined: { a: -1 },
    })) {
      const value = { ...good, [key]: bad };
      expect(schema.safeParse(value).success).toBe(false);
      expect(accepts(value), key).toBe(false);
    }
  });

  it('handles recursive schemas', () => {
    interface Node {
      name: string;
      children: Node[];
    }
    const Node: z.ZodType<Node> = z.object({ name: z.string(), children: z.array(z.lazy(() => Node)) });
    const accepts = compileAcceptor(Node);
    expect(accepts({ name: 'a', children: [{ name: 'b', children: [] }] })).toBe(true);
    expect(accepts({ name: 'a', children: [{ name: 2, children: [] }] })).toBe(false);
  });

  it('agrees with zod on other resources, strict request schemas included', () => {
    const memory = {
      id: 'm1',
      content: 'Likes green tea',
      category: 'interesting',
      created_at: '2024-05-01T10:00:00Z',
      updated_at: '2024-05-01T10:00:00Z',
    };
    expect(DeveloperMemory.safeParse(memory).success).toBe(true);
    expect(compileAcceptor(DeveloperMemory)(memory)).toBe(true);
    const batch = compileAcceptor(CreateMemoriesBatchRequest);
    const request = { memories: [{ content: 'Likes green tea', category: 'interesting' }] };
    expect(batch(request)).toBe(CreateMemoriesBatchRequest.safeParse(request).success);
    const typo = { memories: [{ content: 'Likes green tea', categroy: 'interesting' }] };
    expect(CreateMemoriesBatchRequest.safeParse(typo).success).toBe(false);
    expect(batch(typo)).toBe(false);
  });

  it('unchanged: says yes only when zod would hand the same value back (2,000 seeded mutations)', () => {
    const unchanged = compileAcceptor(Conversation, { unchanged: true });
    let yes = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const next = random(seed);
      let value: unknown = conversation;
      const rounds = Math.floor(next() * 3);
      for (let i = 0; i < rounds; i++) value = mutate(value, next);
      if (!unchanged(value)) continue;
      yes++;
      const parsed = Conversation.safeParse(value);
      if (!parsed.success) throw new Error(`seed ${seed}: unchanged said yes, zod said no`);
      expect(parsed.data, `seed ${seed}`).toEqual(value);
    }
    expect(yes).toBeGreaterThan(100);
  });

  it('unchanged: no to defaults filled in, fallbacks used, keys stripped; yes to kept keys', () => {
    const schema = z.object({
      list: z.array(z.string()).default([]),
      kind: z.enum(['a', 'b']).catch('a'),
      inner: z.object({ x: z.number() }).optional(),
      loose: z.looseObject({ y: z.number() }).optional(),
    });
    const unchanged = compileAcceptor(schema, { unchanged: true });
    const accepts = compileAcceptor(schema);
    const cases: Array<[unknown, boolean]> = [
      [{ list: ['x'], kind: 'b' }, true],
      [{ kind: 'b' }, false],
      [{ list: [], kind: 'z' }, false],
      [{ list: [], kind: 'a', inner: { x: 1, extra: true } }, false],
      [{ list: [], kind: 'a', loose: { y: 1, extra: true } }, true],
    ];
    for (const [value, expected] of cases) {
      expect(unchanged(value), JSON.stringify(value)).toBe(expected);
      expect(accepts(value)).toBe(true);
      if (expected) expect(schema.parse(value)).toEqual(value);
      else expect(schema.parse(value)).not.toEqual(value);
    }
  });
  it('latin1: never says yes where zod, given the decoded text, says no (2,000 seeded mutations)', () => {
    // Non-ASCII replacements, some of which fit a check only in one of the two readings.
    const schema = z.looseObject({
      conversation: Conversation,
      name: z.string().min(2).max(4).optional(),
      word: z
        .string()
        .regex(/^[\p{L}]+$/u)
        .optional(),
      kind: z.enum(['Ã©', 'plain']).optional(),
      meta: z.object({ café: z.number().optional() }).optional(),
      labels: z.record(z.string().max(3), z.string()).optional(),
    });
    const latin1 = compileAcceptor(schema, { latin1: true });
    const plain = compileAcceptor(schema);
    const texts = ['é', 'Ã©', 'ab', 'añ', '☕', 'Ω Ω', 'plain', 'a\u00e9'];
    let yes = 0;
    let no = 0;
    let plainWrong = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const next = random(seed);
      const pick = () => texts[Math.floor(next() * texts.length)]!;
      const value: Record<string, unknown> = {
        conversation: next() < 0.5 ? conversation : mutate(conversation, next),
      };
      if (next() < 0.5) value.name = pick();
      if (next() < 0.5) value.word = pick();
      if (next() < 0.5) value.kind = pick();
      if (next() < 0.2) value.meta = { [next() < 0.5 ? 'café' : 'cafÃ©']: next() < 0.5 ? 1 : pick() };
      if (next() < 0.3) value.labels = { [pick()]: pick() };
      // What the wire carries, read both ways.
      const bytes = Buffer.from(JSON.stringify(value), 'utf8');
      const decoded = JSON.parse(bytes.toString('utf8'));
      const view = JSON.parse(bytes.toString('latin1'));
      const zodSays = schema.safeParse(decoded).success;
      if (latin1(view) && !zodSays) throw new Error(`seed ${seed}: latin1 said yes, zod said no`);
      if (latin1(view)) yes++;
      else if (zodSays) no++;
      if (plain(view) && !zodSays) plainWrong++;
    }
    // It still vouches for many values, and declines some that zod accepts; the plain acceptor,
    // given the Latin-1 view, would have said yes to values zod refuses: the guards matter.
    expect(yes).toBeGreaterThan(100);
    expect(no).toBeGreaterThan(100);
    expect(plainWrong).toBeGreaterThan(10);
  });

  it('latin1: a real conversation with non-ASCII text is still accepted quickly', () => {
    const bytes = Buffer.from(
      JSON.stringify({ ...conversation, structured: { title: 'Café ☕ à Zürich', overview: 'Ω' } }),
    );
    const view = JSON.parse(bytes.toString('latin1'));
    expect(compileAcceptor(Conversation, { latin1: true })(view)).toBe(true);
    expect(compileAcceptor(Conversation, { latin1: true })).not.toBe(compileAcceptor(Conversation));
  });
});
