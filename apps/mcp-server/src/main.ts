import { ConfigError, loadConfig } from './config.js';
import { startServer } from './start.js';

try {
  const config = loadConfig();
  const server = await startServer(config);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `mcp-server could not start: ${(error as Error).message}`}\n`,
  );
  process.exit(error instanceof ConfigError ? 2 : 1);
}
