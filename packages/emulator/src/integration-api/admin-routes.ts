import { appActionValues, appCapabilityValues } from '@omi-kit/schemas';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { OmiHttpError } from '../http-error.js';
import type { EmulatorState } from '../state.js';
import type { AppRecord, AppRegistry } from './app-registry.js';
import type { NotificationLog } from './notification-log.js';

const ActionName = z.enum([...appActionValues, 'create_memories', 'read_facts', 'persona_chat']);

/** What `POST /_emulator/apps` takes: the parts of Omi's app model the emulator uses. */
export const RegisterApp = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only')
    .optional(),
  name: z.string().trim().min(1),
  description: z.string().default(''),
  author: z.string().default('emulator'),
  private: z.boolean().default(false),
  capabilities: z.array(z.enum(appCapabilityValues)).default(['external_integration']),
  /** `["create_conversation", ...]` or Omi's `[{"action": "create_conversation"}, ...]`; default all five. */
  actions: z
    .array(z.union([ActionName, z.strictObject({ action: ActionName }).transform((a) => a.action)]))
    .default([...appActionValues]),
  /** Webhook settings (`triggers_on`, `webhook_url`, `setup_completed_url`, `auth_steps`, ...), kept for later. */
  external_integration: z.record(z.string(), z.unknown()).nullish(),
  /** The same settings may be given at the top level; they are kept under `external_integration`. */
  triggers_on: z.enum(['memory_creation', 'transcript_processed', 'audio_bytes']).nullish(),
  webhook_url: z.string().nullish(),
  setup_completed_url: z.string().nullish(),
  auth_steps: z.array(z.strictObject({ name: z.string(), url: z.string() })).nullish(),
  app_home_url: z.string().nullish(),
  chat_tools_manifest_url: z.string().nullish(),
  proactive_notification: z.record(z.string(), z.unknown()).nullish(),
  /** Enable the app for these users right away. */
  enabled_for: z.array(z.string().min(1)).default([]),
  key_label: z.string().default('emulator'),
});
export type RegisterAppInput = z.input<typeof RegisterApp>;

const UidBody = z.strictObject({ uid: z.string().min(1).optional() });
const KeyBody = z.strictObject({ label: z.string().optional() });

function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const raw = Buffer.isBuffer(body) ? (body.length ? JSON.parse(body.toString('utf8')) : {}) : (body ?? {});
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
  throw new OmiHttpError(400, `Invalid request to the emulator admin API. ${issues.join('; ')}`);
}

const WEBHOOK_FIELDS = [
  'triggers_on',
  'webhook_url',
  'setup_completed_url',
  'auth_steps',
  'app_home_url',
  'chat_tools_manifest_url',
] as const;

function externalIntegration(body: z.output<typeof RegisterApp>): Record<string, unknown> | null {
  const out: Record<string, unknown> = { ...(body.external_integration ?? {}) };
  for (const field of WEBHOOK_FIELDS) if (body[field] != null) out[field] = body[field];
  if (body.actions.length > 0 && out.actions === undefined)
    out.actions = body.actions.map((action) => ({ action }));
  return Object.keys(out).length > 0 ? out : null;
}

export interface AppAdmin {
  createApp(input: RegisterAppInput): { app: AppRecord; apiKey: string };
}

/**
 * `/_emulator/apps` (register an app and mint its sk_ key, mint more keys, enable or disable it
 * for a user) and `GET /_emulator/notifications?uid=` (what a user's phone received).
 */
export function registerIntegrationAdminRoutes(
  app: FastifyInstance,
  state: EmulatorState,
  registry: AppRegistry,
  notifications: NotificationLog,
): AppAdmin {
  const createApp = (input: RegisterAppInput) => {
    const body = parse(RegisterApp, input);
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
        external_integration: externalIntegration(body),
        proactive_notification: body.proactive_notification ?? null,
      },
      now,
    );
    for (const uid of body.enabled_for) {
      state.users.ensure(uid, uid, now);
      registry.enable(record.id, uid, now);
    }
    const key = registry.mintKey(record.id, body.key_label, now);
    return { app: record, apiKey: key.secret };
  };

  const existing = (appId: string) => {
    const found = registry.get(appId);
    if (!found)
      throw new OmiHttpError(404, `No app with id ${appId}. Register it with POST /_emulator/apps.`);
    return found;
  };

  app.post('/_emulator/apps', async (request) => {
    const { app: record, apiKey } = createApp(request.body as RegisterAppInput);
    return { app: record, app_id: record.id, api_key: apiKey, enabled_for: registry.enabledUsers(record.id) };
  });
  app.get('/_emulator/apps', async () => ({ apps: registry.list() }));
  app.get('/_emulator/apps/:appId', async (request) => {
    const record = existing((request.params as { appId: string }).appId);
    return { app: record, enabled_for: registry.enabledUsers(record.id) };
  });
  app.post('/_emulator/apps/:appId/keys', async (request) => {
    const record = existing((request.params as { appId: string }).appId);
    const { label = 'emulator' } = parse(KeyBody, request.body);
    return registry.mintKey(record.id, label, state.clock());
  });
  app.post('/_emulator/apps/:appId/enable', async (request) => {
    const record = existing((request.params as { appId: string }).appId);
    const { uid = state.defaultUid } = parse(UidBody, request.body);
    state.users.ensure(uid, uid, state.clock());
    registry.enable(record.id, uid, state.clock());
    return { ok: true, app_id: record.id, uid };
  });
  app.post('/_emulator/apps/:appId/disable', async (request) => {
    const record = existing((request.params as { appId: string }).appId);
    const { uid = state.defaultUid } = parse(UidBody, request.body);
    registry.disable(record.id, uid);
    return { ok: true, app_id: record.id, uid };
  });
  app.get('/_emulator/notifications', async (request) => {
    const q = request.query as { uid?: string; app_id?: string };
    const uid = q.uid || state.defaultUid;
    return { uid, notifications: notifications.list(uid, q.app_id || undefined) };
  });

  return { createApp };
}
