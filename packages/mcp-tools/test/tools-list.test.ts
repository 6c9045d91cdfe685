import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { omiToolNames, toolErrorCodes } from '@omi-kit/mcp-tools';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type Connected,
  connectInMemory,
  countingClient,
  type RunningEmulator,
  startEmulator,
} from './support/harness.js';

const read = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const edit = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const create = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };
const del = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false };

/** The hosted registry's order and presets (create_action_item is marked idempotent there). */
const expected: [string, object][] = [
  ['get_memories', read],
  ['create_memory', create],
  ['create_memories', create],
  ['delete_memory', del],
  ['edit_memory', edit],
  ['get_conversations', read],
  ['get_conversation_by_id', read],
  ['get_conversations_by_ids', read],
  ['search_memories', read],
  ['get_action_items', read],
  ['create_action_item', { ...create, idempotentHint: true }],
  ['complete_action_item', edit],
  ['update_action_item', edit],
  ['delete_action_item', del],
  ['get_goals', read],
  ['get_daily_summaries', read],
  ['ask', read],
];

let omi: RunningEmulator;
let c: Connected;
let tools: Tool[];
beforeAll(async () => {
  omi = await startEmulator();
  c = await connectInMemory({ client: countingClient(omi.baseUrl, omi.key).client });
  tools = (await c.mcp.listTools()).tools;
});
afterAll(async () => {
  await c?.close();
  await omi?.close();
});

function tool(name: string): Tool {
  const t = tools.find((x) => x.name === name);
  if (!t) throw new Error(`${name} is not listed`);
  return t;
}

/** Every property name declared anywhere in a JSON Schema. */
function propertyNames(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) propertyNames(s, out);
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      if (k === 'properties' && v && typeof v === 'object') for (const name of Object.keys(v)) out.add(name);
      propertyNames(v, out);
    }
  }
  return out;
}

describe('tools/list', () => {
  test('lists every tool, in the fixed order', () => {
    expect(tools.map((t) => t.name)).toEqual(expected.map(([n]) => n));
    expect([...omiToolNames]).toEqual(expected.map(([n]) => n));
  });

  test('the order is the same on every listing', async () => {
    const again = (await c.mcp.listTools()).tools.map((t) => t.name);
    expect(again).toEqual(tools.map((t) => t.name));
  });

  test("carries Omi's cache hints: ttlMs one hour, cacheScope private (the list follows the key)", async () => {
    const listed = await c.mcp.listTools();
    expect(listed.ttlMs).toBe(3_600_000);
    expect(listed.cacheScope).toBe('private');
  });

  test.each(expected)('%s: title, description and annotations per preset', (name, preset) => {
    const t = tool(name);
    expect(t.title).toMatch(/\w/);
    expect(t.description!.length).toBeGreaterThan(60);
    expect(t.annotations).toEqual(preset);
  });

  test.each(expected.map(([n]) => n))(
    '%s: input and output schemas compile, with the error branch',
    (name) => {
      const t = tool(name);
      const ajv = new Ajv({ strict: false, validateFormats: false });
      expect(t.inputSchema.type).toBe('object');
      expect(() => ajv.compile(t.inputSchema)).not.toThrow();
      const output = t.outputSchema as { type: string; anyOf: Record<string, unknown>[] };
      expect(output.type).toBe('object');
      expect(output.anyOf).toHaveLength(2);
      const validate = ajv.compile(output);
      for (const code of toolErrorCodes) {
        expect(validate({ error: { code, message: 'x' } })).toBe(true);
      }
      expect(validate({ error: { code: 'nope', message: 'x' } })).toBe(false);
      const errorBranch = output.anyOf[1] as {
        properties: { error: { properties: { code: { enum: string[] } } } };
      };
      expect(errorBranch.properties.error.properties.code.enum).toEqual([...toolErrorCodes]);
    },
  );

  test('no schema has an api_key (or any key) argument', () => {
    for (const t of tools) {
      const names = [...propertyNames(t.inputSchema), ...propertyNames(t.outputSchema)];
      expect(
        names.filter((n) => /api_?key|authorization|token/i.test(n)),
        t.name,
      ).toEqual([]);
    }
  });

  test('the bounds of the hosted server', () => {
    const props = (name: string) =>
      (tool(name).inputSchema as { properties: Record<string, Record<string, unknown>> }).properties;
    expect(props('get_memories').limit).toMatchObject({ default: 20, minimum: 1, maximum: 100 });
    expect(props('get_conversations').limit).toMatchObject({ maximum: 100 });
    expect(props('get_conversation_by_id').max_segments).toMatchObject({ default: 120, maximum: 500 });
    expect(props('get_conversation_by_id').max_chars).toMatchObject({ default: 24000, maximum: 100000 });
    expect(props('get_conversations_by_ids').conversation_ids).toMatchObject({ minItems: 1, maxItems: 20 });
    expect(props('create_memories').items).toMatchObject({ minItems: 1, maxItems: 25 });
    expect(props('search_memories').limit).toMatchObject({ default: 10, maximum: 20 });
    expect(props('get_conversations').start_date).toMatchObject({ type: 'string', format: 'date' });
    expect(tool('get_memories').inputSchema.required ?? []).toEqual([]);
    expect(tool('create_memory').inputSchema.required).toEqual(['content']);
  });

  test('categories are enums from @omi-kit/schemas', async () => {
    const { MemoryCategory, ConversationCategory } = await import('@omi-kit/schemas');
    const props = (name: string) =>
      (tool(name).inputSchema as { properties: Record<string, { items: { enum: string[] } }> }).properties;
    expect(props('get_memories').categories!.items.enum).toEqual(MemoryCategory.options);
    expect(props('get_conversations').categories!.items.enum).toEqual(ConversationCategory.options);
  });

  test('serverInfo and instructions', () => {
    expect(c.mcp.getServerVersion()).toMatchObject({ name: 'omi-kit-mcp' });
    expect(c.mcp.getInstructions()).toMatch(/only create, edit, complete or delete/i);
  });
});

test('VERSION matches package.json', async () => {
  const { VERSION } = await import('@omi-kit/mcp-tools');
  const { readFileSync } = await import('node:fs');
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  expect(VERSION).toBe(manifest.version);
});
