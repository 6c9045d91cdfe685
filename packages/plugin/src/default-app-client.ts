import { createOmiAppClient, type OmiAppClient } from '@omi-kit/api-client';
import { OmiAppSecretMissingError } from './errors/omi-app-secret-missing-error.js';
import type { CreateAppClient, OmiUserClient } from './omi-user-client.js';
import type { PluginConfig } from './plugin-config.js';

const METHODS = [
  'createConversation',
  'createMemories',
  'listConversations',
  'searchConversations',
  'listMemories',
  'listTasks',
  'notify',
] as const;

/**
 * `ctx.omi` from the configuration: one `@omi-kit/api-client` app client (made on first use, so
 * its pacing is shared by every handler), bound to each uid. Without `OMI_APP_SECRET` every call
 * throws {@link OmiAppSecretMissingError}: the plugin starts and works without it.
 */
export function defaultAppClient(
  config: Pick<PluginConfig, 'appId' | 'appSecret' | 'apiBaseUrl'>,
  fetchImpl?: typeof fetch,
): CreateAppClient {
  let app: OmiAppClient | undefined;
  return (uid) => {
    if (!config.appSecret) return missingSecretClient(uid);
    app ??= createOmiAppClient({
      appId: config.appId,
      apiKey: config.appSecret,
      baseUrl: config.apiBaseUrl,
      ...(fetchImpl && { fetch: fetchImpl }),
    });
    return app.forUser(uid);
  };
}

function missingSecretClient(uid: string): OmiUserClient {
  const client: Record<string, unknown> = { uid };
  for (const method of METHODS) {
    client[method] = async () => {
      throw new OmiAppSecretMissingError(`omi.${method}`);
    };
  }
  return client as unknown as OmiUserClient;
}
