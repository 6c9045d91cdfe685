import { describe, expect, it } from 'vitest';
import { useEmulator } from './support/harness.js';
import { ROUTES } from './support/inventory.js';

// Reference §8 inventory; OAS is "Omi Developer API" OpenAPI 3.1.

describe('GET /openapi.json', () => {
  const omi = useEmulator();

  it('is an OpenAPI 3.1 document, served without auth', async () => {
    const r = await omi.get('/openapi.json');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    expect(r.body.openapi).toMatch(/^3\.1\./);
    expect(r.body.info).toEqual(
      expect.objectContaining({ title: expect.any(String), version: expect.any(String) }),
    );
  });

  it('lists the listening server as its server URL', async () => {
    const r = await omi.get('/openapi.json');
    expect(r.body.servers.map((s: { url: string }) => s.url)).toContain(omi.baseUrl);
  });

  it.each(ROUTES.map((route) => [`${route.method} ${route.template}`, route] as const))(
    'describes %s',
    async (_n, route) => {
      const r = await omi.get('/openapi.json');
      const op = r.body.paths?.[route.template]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.template}`).toBeDefined();
      expect(op.responses).toBeDefined();
      const success = route.template === '/v1/dev/keys/{key_id}' && route.method === 'DELETE' ? '204' : '200';
      expect(Object.keys(op.responses)).toContain(success);
    },
  );

  it('has nothing beyond the reference inventory under /v1', async () => {
    const r = await omi.get('/openapi.json');
    const documented = Object.entries(r.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const expected = ROUTES.map((route) => `${route.method} ${route.template}`);
    expect(documented.filter((d) => d.includes(' /v1/')).sort()).toEqual([...expected].sort());
  });

  it('uses the OAS operationIds of the reference', async () => {
    const r = await omi.get('/openapi.json');
    const ids = Object.values(r.body.paths as Record<string, Record<string, { operationId?: string }>>)
      .flatMap((item) => Object.values(item))
      .map((op) => op.operationId);
    for (const id of [
      'listApiKeys',
      'createApiKey',
      'revokeApiKey',
      'getCallingApiKey',
      'listMemories',
      'createMemory',
      'createMemoriesBatch',
      'updateMemory',
      'deleteMemory',
      'listActionItems',
      'createActionItem',
      'createActionItemsBatch',
      'updateActionItem',
      'deleteActionItem',
      'listConversations',
      'createConversation',
      'createConversationFromSegments',
      'getConversation',
      'updateConversation',
      'deleteConversation',
      'ask',
      'listFolders',
      'listGoals',
      'createGoal',
      'getGoal',
      'updateGoal',
      'deleteGoal',
      'updateGoalProgress',
      'listGoalHistory',
    ]) {
      expect(ids, id).toContain(id);
    }
  });
});
