import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { OmiHttpError } from '../http-error.js';
import type { EmulatorState } from '../state.js';
import type { AppRegistry } from './app-registry.js';
import { parseAdminBody } from './parse-admin-body.js';

/*
 * Stand-in for the api-client branch's `/_emulator/apps` routes (integration-api/admin-routes.ts):
 * the same paths, bodies and replies, minus the Integration API's `sk_` key. Delete when merging;
 * the webhook fields (`trigger`, `webhook_url`, `webhook_secret`) are added to whichever
 * registry's routes are mounted by webhook-admin-routes.ts.
 */

const ActionName = z.string().min(1);

/** What `POST /_emulator/apps` takes: the parts of Omi's app model the emulator uses. */
const RegisterApp = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only')
    .optional(),
  name: z.string().trim().min(1),
  description: z.string().default(''),
  author: z.string().default('emulator'),
  private: z.boolean().default(false),
  capabilities: z.array(z.string().min(1)).default(['external_integration']),
  actions: z
    .array(z.union([ActionName, z.strictObject({ action: ActionName }).transform((a) => a.action)]))
    .default(['create_conversation', 'create_facts', 'read_conversations', 'read_memories', 'read_tasks']),
  external_integration: z.record(z.string(), z.unknown()).nullish(),
  proactive_notification: z.record(z.string(), z.unknown()).nullish(),
  /** Enable the app for these users right away. */
  enabled_for: z.array(z.string().min(1)).default([]),
  key_label: z.string().default('emulator'),
});

const UidBody = z.strictObject({ uid: z.string().min(1).optional() });

export function registerAppAdminRoutes(app: FastifyInstance, state: EmulatorState, registry: AppRegistry) {
  const existing = (appId: string) => {
    const found = registry.get(appId);
    if (!found)
      throw new OmiHttpError(404, `No app with id ${appId}. Register it with POST /_emulator/apps.`);
    return found;
  };

  app.post('/_emulator/apps', async (request) => {
    const body = parseAdminBody(RegisterApp, request.body);
    if (body.id && registry.get(body.id))
      throw new OmiHttpError(409, `An app with id ${body.id} already exists.`);
    const now = state.clock();
    const record = registry.register(
      {
        id: body.id,
        name: body.name,
        description: body.description,
        author: body.author,
        private: body.private,
        capabilities: body.capabilities,
        actions: body.actions,
        external_integration: body.external_integration ?? null,
        proactive_notification: body.proactive_notification ?? null,
      },
      now,
    );
    for (const uid of body.enabled_for) {
      state.users.ensure(uid, uid, now);
      registry.enable(record.id, uid, now);
    }
    return { app: record, enabled_for: registry.enabledUsers(record.id) };
  });
  app.get('/_emulator/apps', async () => ({ apps: registry.list() }));
  app.get('/_emulator/apps/:appId', async (request) => {
    const record = existing((request.params as { appId: string }).appId);
    return { app: record, enabled_for: registry.enabledUsers(record.id) };
  });
  app.post('/_emulator/apps/:appId/enable', async (request) => {
    const record = existing((request.params as { appId: string }).appId);
    const { uid = state.defaultUid } = parseAdminBody(UidBody, request.body);
    state.users.ensure(uid, uid, state.clock());
    registry.enable(record.id, uid, state.clock());
    return { ok: true, app_id: record.id, uid };
  });
  app.post('/_emulator/apps/:appId/disable', async (request) => {
    const record = existing((request.params as { appId: string }).appId);
    const { uid = state.defaultUid } = parseAdminBody(UidBody, request.body);
    registry.disable(record.id, uid);
    return { ok: true, app_id: record.id, uid };
  });
}
