import type { FastifyInstance } from 'fastify';
import type { EmulatorState } from '../state.js';
import { type AppAdmin, type RegisterAppInput, registerIntegrationAdminRoutes } from './admin-routes.js';
import { type AppRecord, AppRegistry } from './app-registry.js';
import { HourBucketLimiter } from './hour-bucket-limiter.js';
import { NotificationLog } from './notification-log.js';
import { registerIntegrationRoutes } from './routes.js';

export type { AppRecord, RegisterAppInput };

/** The emulator's Integration API, for tests and the admin routes. */
export interface IntegrationApi extends AppAdmin {
  registry: AppRegistry;
  notifications: NotificationLog;
  /** Enable an app for a user (the default user unless a uid is given). */
  enableApp(appId: string, uid?: string): void;
  reset(): void;
}

/**
 * Registers Omi's Integration API (`/v2/integrations/{app_id}/...`, sk_ app keys) and its admin
 * routes. A reset through `POST /_emulator/reset` clears its tables too.
 */
export function registerIntegrationApi(app: FastifyInstance, state: EmulatorState): IntegrationApi {
  const registry = new AppRegistry(state.db);
  const notifications = new NotificationLog(state.db);
  const notificationLimiter = new HourBucketLimiter(state.clock, () => ({
    boost: state.limiter.boost,
    shadowMode: state.limiter.shadowMode,
  }));
  registerIntegrationRoutes(app, { state, registry, notifications, notificationLimiter });
  const admin = registerIntegrationAdminRoutes(app, state, registry, notifications);
  const reset = () => {
    registry.reset();
    notificationLimiter.reset();
  };
  // The admin API's reset lives in routes/admin.ts; follow it without touching that file.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.url === '/_emulator/reset' && reply.statusCode === 200) reset();
    return payload;
  });
  return {
    ...admin,
    registry,
    notifications,
    enableApp: (appId, uid = state.defaultUid) => {
      state.users.ensure(uid, uid, state.clock());
      registry.enable(appId, uid, state.clock());
    },
    reset,
  };
}
