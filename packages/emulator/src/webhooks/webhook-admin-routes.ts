import { OmiTrigger } from '@omi-kit/webhook-types';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { OmiHttpError } from '../http-error.js';
import type { EmulatorState } from '../state.js';
import type { AppSource } from './app-source.js';
import { appWebhookTarget } from './app-webhook-target.js';
import type { DeliveryLog } from './delivery-log.js';
import { parseAdminBody } from './parse-admin-body.js';
import type { SigningSecretStore } from './signing-secret-store.js';
import type { WebhookHealthStore } from './webhook-health.js';

const SecretValue = z
  .string()
  .min(1)
  .refine((s) => !/\s/.test(s), 'a signing secret has no whitespace');
const SetSecret = z.strictObject({ secret: SecretValue.optional() });
const triggerValues = Object.values(OmiTrigger) as [string, ...string[]];
const Trigger = z.enum(triggerValues);

/**
 * The webhook fields `POST /_emulator/apps` takes next to Omi's `external_integration`:
 * `triggers_on` (or `trigger`) and `webhook_url` at the top level, and the signing secret.
 */
const WebhookShorthand = z.looseObject({
  trigger: Trigger.optional(),
  triggers_on: z.unknown().optional(),
  webhook_url: z.string().nullish(),
  /** A secret to sign with, or `true` to mint one (returned once). */
  webhook_secret: z.union([SecretValue, z.literal(true)]).optional(),
  external_integration: z.record(z.string(), z.unknown()).nullish(),
});

const DeliveriesQuery = z.object({
  app_id: z.string().optional(),
  uid: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export interface WebhookAdminDeps {
  state: EmulatorState;
  apps: AppSource;
  secrets: SigningSecretStore;
  health: WebhookHealthStore;
  log: DeliveryLog;
  reset: () => void;
}

const isRoute = (request: FastifyRequest, method: string, url: string) =>
  request.method === method && request.routeOptions.url === url;

/**
 * The webhook side of the app registry, on top of whichever `/_emulator/apps` routes are mounted:
 * - `POST /_emulator/apps` also takes `trigger` (= `triggers_on`) and `webhook_secret` (or `true`
 *   to mint one), and checks `triggers_on`/`webhook_url` as Omi does (a known trigger, a trimmed,
 *   non-empty http(s) URL whenever a trigger is set);
 * - `GET /_emulator/apps/:appId` also shows `webhook` (trigger, URL, signing status, health);
 * - `POST|GET|DELETE /_emulator/apps/:appId/webhook-signing-secret`, as Omi's route;
 * - `GET /_emulator/deliveries?app_id=&uid=&limit=`, the deliveries made to registered apps.
 */
export function registerWebhookAdminRoutes(app: FastifyInstance, deps: WebhookAdminDeps): void {
  const { state, apps, secrets, health, log } = deps;
  const pendingSecrets = new WeakMap<FastifyRequest, string | true>();

  // Global hooks that look at one route each: they work whichever registry declared the routes.
  // Callback style, so the Developer API's hot paths pay no extra promise.
  app.addHook('preHandler', (request, _reply, done) => {
    if (!isRoute(request, 'POST', '/_emulator/apps')) return done();
    try {
      const body = parseAdminBody(WebhookShorthand, request.body);
      const { trigger, triggers_on, webhook_url, webhook_secret, ...rest } = body;
      const integration = { ...(rest.external_integration ?? {}) };
      const topTrigger = trigger ?? triggers_on;
      if (topTrigger != null) integration.triggers_on = topTrigger;
      if (webhook_url != null) integration.webhook_url = webhook_url;
      checkIntegration(integration);
      const hasIntegration = Object.keys(integration).length > 0;
      request.body = { ...rest, ...(hasIntegration ? { external_integration: integration } : {}) };
      if (webhook_secret !== undefined) pendingSecrets.set(request, webhook_secret);
      done();
    } catch (error) {
      done(error as Error);
    }
  });

  app.addHook('preSerialization', (request, reply, payload, done) => {
    if (reply.statusCode !== 200 || payload === null || typeof payload !== 'object') {
      return done(null, payload);
    }
    const out = payload as { app?: { id: string } } & Record<string, unknown>;
    if (isRoute(request, 'POST', '/_emulator/apps') && out.app) {
      const wanted = pendingSecrets.get(request);
      if (wanted === undefined) return done(null, payload);
      const minted = secrets.set(out.app.id, state.clock(), wanted === true ? undefined : wanted);
      reply.header('cache-control', 'no-store');
      return done(null, { ...out, webhook_signing_secret: minted });
    }
    if (isRoute(request, 'GET', '/_emulator/apps/:appId') && out.app) {
      return done(null, { ...out, webhook: webhookView(out.app.id) });
    }
    done(null, payload);
  });

  // The admin reset lives in routes/admin.ts; follow it without touching that file.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (isRoute(request, 'POST', '/_emulator/reset') && reply.statusCode === 200) deps.reset();
    done(null, payload);
  });

  const webhookView = (appId: string) => {
    const record = apps.get(appId);
    const target = record ? appWebhookTarget(record) : null;
    return {
      trigger: target?.trigger ?? null,
      webhook_url: target?.url ?? null,
      signing_secret: secrets.status(appId),
      health: health.get(appId),
    };
  };

  const existing = (appId: string) => {
    if (!apps.get(appId))
      throw new OmiHttpError(404, `No app with id ${appId}. Register it with POST /_emulator/apps.`);
    return appId;
  };
  const appIdOf = (request: FastifyRequest) => existing((request.params as { appId: string }).appId);

  app.post('/_emulator/apps/:appId/webhook-signing-secret', async (request, reply) => {
    const appId = appIdOf(request);
    const { secret } = parseAdminBody(SetSecret, request.body);
    reply.header('cache-control', 'no-store');
    const { configured: _configured, ...shown } = secrets.set(appId, state.clock(), secret);
    return shown;
  });
  app.get('/_emulator/apps/:appId/webhook-signing-secret', async (request) =>
    secrets.status(appIdOf(request)),
  );
  app.delete('/_emulator/apps/:appId/webhook-signing-secret', async (request) => {
    const appId = appIdOf(request);
    secrets.delete(appId);
    return secrets.status(appId);
  });

  app.get('/_emulator/deliveries', async (request) => {
    const q = parseAdminBody(DeliveriesQuery, request.query);
    return { deliveries: log.list({ appId: q.app_id, uid: q.uid, limit: q.limit }) };
  });
}

/** Omi's checks on `external_integration`: a known trigger, and a webhook URL whenever one is set. */
function checkIntegration(integration: Record<string, unknown>): void {
  const trigger = integration.triggers_on;
  if (trigger !== undefined && trigger !== null && !Trigger.safeParse(trigger).success) {
    throw new OmiHttpError(
      400,
      `Invalid request to the emulator admin API. external_integration.triggers_on: "${String(trigger)}" is ` +
        `not a trigger; use one of ${triggerValues.join(', ')}.`,
    );
  }
  const url = typeof integration.webhook_url === 'string' ? integration.webhook_url.trim() : '';
  if (typeof integration.webhook_url === 'string') integration.webhook_url = url;
  if (trigger && !url) {
    throw new OmiHttpError(
      400,
      'Invalid request to the emulator admin API. webhook_url is required when a trigger is set ' +
        '(Omi answers 422 for an empty one).',
    );
  }
  if (url && !/^https?:\/\/[^/\s]+/i.test(url)) {
    throw new OmiHttpError(
      400,
      `Invalid request to the emulator admin API. webhook_url must be an http:// or https:// URL, got "${url}".`,
    );
  }
}
