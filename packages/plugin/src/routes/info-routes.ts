import { SetupCompletedReply } from '@omi-kit/webhook-types';
import type { FastifyInstance } from 'fastify';
import { chatToolsManifest } from '../chat-tools-manifest.js';
import { createBaseContext } from '../create-context.js';
import { HttpFailure } from '../http-failure.js';
import { EVENTS_QUEUE } from '../queued-delivery.js';
import { readQueryValue } from '../read-query-value.js';
import type { RuntimeDeps } from '../runtime-deps.js';

/** The GET routes Omi and operators read: the tools manifest, the setup probe and health. */
export function registerInfoRoutes(app: FastifyInstance, deps: RuntimeDeps): void {
  const manifest = chatToolsManifest(deps.plugin);
  app.get('/.well-known/omi-tools.json', async () => manifest);

  // Omi appends ?uid= even to a URL that already has a query, hence readQueryValue on the raw URL.
  app.get('/setup-completed', async (request) => {
    const uid = readQueryValue(request.url, 'uid');
    if (!uid) {
      throw new HttpFailure(
        400,
        'missing_uid',
        'The setup-completed probe needs ?uid=<uid>; Omi always sends it.',
      );
    }
    const check = deps.plugin.setupCompleted;
    if (!check) return SetupCompletedReply.parse({ is_setup_completed: true });
    const log = request.log.child({ uid });
    const { ctx } = createBaseContext(deps.context, { uid, log, signal: AbortSignal.timeout(10_000) });
    try {
      return { is_setup_completed: (await check.call(deps.plugin, ctx)) === true };
    } catch (error) {
      // Omi turns a non-2xx into 503 and refuses to enable the app; "not yet" is the honest answer.
      log.error({ err: error }, 'setupCompleted threw; answered is_setup_completed: false');
      return { is_setup_completed: false };
    }
  });

  app.get('/health', async (_request, reply) => {
    try {
      const queue = await deps.storage.jobs.stats(EVENTS_QUEUE);
      return { status: 'ok', plugin: deps.plugin.name, storage: deps.storage.kind, queue };
    } catch (error) {
      reply.code(503);
      return { status: 'unavailable', plugin: deps.plugin.name, error: (error as Error).message };
    }
  });
}
