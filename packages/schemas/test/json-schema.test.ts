import { allJsonSchemas, developerApiOpenApi, developerApiRoutes, namedSchemas } from '@omi-kit/schemas';
import { describe, expect, it } from 'vitest';

describe('JSON Schema and OpenAPI come from the same schemas', () => {
  it('generates a JSON Schema for every named schema', () => {
    const all = allJsonSchemas();
    expect(Object.keys(all).sort()).toEqual(Object.keys(namedSchemas).sort());
    expect(all.DeveloperMemory).toMatchObject({ type: 'object', required: ['id'] });
    expect(all.CreateMemoryRequest).toMatchObject({ additionalProperties: false });
    expect(all.Conversation).toMatchObject({ additionalProperties: {} });
    const content = (all.CreateMemoryRequest as { properties: Record<string, unknown> }).properties.content;
    expect(content).toMatchObject({ type: 'string', minLength: 1, maxLength: 500 });
  });

  it('describes every route of the inventory in OpenAPI', () => {
    const doc = developerApiOpenApi({ serverUrl: 'http://127.0.0.1:1' }) as {
      paths: Record<string, Record<string, { operationId: string }>>;
      servers: { url: string }[];
    };
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(ops.sort()).toEqual(Object.keys(developerApiRoutes).sort());
    expect(ops).toHaveLength(32);
    expect(doc.servers[0]?.url).toBe('http://127.0.0.1:1');
    const listMemories = doc.paths['/v1/dev/user/memories']?.get as unknown as {
      parameters: { name: string }[];
      responses: Record<string, unknown>;
    };
    expect(listMemories.parameters.map((p) => p.name)).toEqual(['limit', 'offset', 'categories']);
    expect(Object.keys(listMemories.responses)).toEqual(['200', '401', '403', '422', '429']);
  });
});
