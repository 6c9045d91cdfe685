import { createPluginServer, type PluginServer, type PluginServerOptions } from './create-plugin-server.js';
import { PluginConfigError } from './errors/plugin-config-error.js';
import { describeConfig } from './plugin-config.js';
import type { PluginDefinition } from './plugin-definition.js';

/**
 * The `main` of a plugin: create the server from the environment, listen, and on SIGTERM or SIGINT
 * close gracefully (in-flight requests and jobs finish) before exiting. A configuration error is
 * printed as a list of what to fix and the process exits with code 1.
 */
export async function runPlugin(
  plugin: PluginDefinition,
  options: PluginServerOptions = {},
): Promise<PluginServer> {
  let server: PluginServer;
  try {
    server = await createPluginServer(plugin, options);
  } catch (error) {
    if (error instanceof PluginConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    server.log.info({ signal }, 'shutting down: finishing in-flight requests and jobs');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  server.addHook('onClose', async () => {
    process.off('SIGTERM', shutdown);
    process.off('SIGINT', shutdown);
  });
  const address = await server.start();
  server.log.info({ address, config: describeConfig(server.runtime.config) }, `${plugin.name} is listening`);
  return server;
}
