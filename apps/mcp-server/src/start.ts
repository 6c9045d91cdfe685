import { createOmiClient, type OmiClient } from '@omi-kit/api-client';
import {
  createOmiMcpHttpServer,
  createStderrLogger,
  omiKeyAuthenticator,
  serveStdio,
  staticTokenAuthenticator,
} from '@omi-kit/mcp-tools';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { mintEmulatorKey } from './emulator-key.js';
import { waitForOmi } from './wait-for-omi.js';

export interface RunningServer {
  /** The MCP endpoint (HTTP), or `stdio`. */
  url: string;
  /** `omi-key`: callers send their own omi_dev_ key; `tokens`: MCP_AUTH_TOKENS and the server's key. */
  auth: 'omi-key' | 'tokens' | 'stdio';
  close(): Promise<void>;
}

/** The server's own key: OMI_API_KEY, or on a local emulator a fresh one from its admin API. */
async function serverClient(config: Config, log: Logger): Promise<OmiClient> {
  let apiKey = config.OMI_API_KEY;
  if (!apiKey) {
    log.info({ omi: config.OMI_API_BASE_URL }, 'no OMI_API_KEY: waiting for the local emulator to mint one');
    if (!(await waitForOmi(config.OMI_API_BASE_URL, config.OMI_WAIT_MS))) {
      throw new Error(
        `Nothing answers at ${config.OMI_API_BASE_URL}; start the emulator (pnpm dev) or set OMI_API_KEY.`,
      );
    }
    apiKey = await mintEmulatorKey(config.OMI_API_BASE_URL);
  }
  return createOmiClient({ apiKey, baseUrl: config.OMI_API_BASE_URL });
}

/** Starts the server the configuration describes. */
export async function startServer(config: Config, logger?: Logger): Promise<RunningServer> {
  const readOnly = config.OMI_MCP_READ_ONLY;
  if (config.MCP_TRANSPORT === 'stdio') {
    const log = logger ?? createStderrLogger({ level: config.LOG_LEVEL, name: 'mcp-server' });
    const handle = await serveStdio({ client: await serverClient(config, log), readOnly, logger: log });
    return { url: 'stdio', auth: 'stdio', close: () => handle.close() };
  }

  const log = logger ?? pino({ name: 'mcp-server', level: config.LOG_LEVEL });
  const tokens = config.MCP_AUTH_TOKENS;
  const authenticate =
    tokens.length > 0
      ? staticTokenAuthenticator({ tokens, client: await serverClient(config, log) })
      : omiKeyAuthenticator({ clientOptions: { baseUrl: config.OMI_API_BASE_URL } });
  const app = createOmiMcpHttpServer({
    authenticate,
    readOnly,
    path: config.MCP_PATH,
    host: config.HOST,
    ...(config.MCP_PUBLIC_URL ? { publicUrl: config.MCP_PUBLIC_URL } : {}),
    ...(config.MCP_ALLOWED_HOSTS.length ? { allowedHosts: config.MCP_ALLOWED_HOSTS } : {}),
    ...(config.MCP_ALLOWED_ORIGINS.length ? { allowedOrigins: config.MCP_ALLOWED_ORIGINS } : {}),
    ...(config.MCP_AUTHORIZATION_SERVERS.length
      ? { authorizationServers: config.MCP_AUTHORIZATION_SERVERS }
      : {}),
    logger: log,
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  const { port } = app.server.address() as { port: number };
  const shownHost = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  const url = `http://${shownHost}:${port}${config.MCP_PATH}`;
  const auth = tokens.length > 0 ? 'tokens' : 'omi-key';
  log.info(
    { url, auth, omi: config.OMI_API_BASE_URL, readOnly },
    auth === 'omi-key'
      ? 'MCP server ready: send Authorization: Bearer <your omi_dev_ key> (the emulator prints one)'
      : 'MCP server ready: send Authorization: Bearer <one of MCP_AUTH_TOKENS>',
  );
  if (auth === 'omi-key' && config.OMI_API_KEY) {
    log.warn('OMI_API_KEY is set without MCP_AUTH_TOKENS: callers send their own keys, so it is not used');
  }
  if (auth === 'omi-key') {
    // Not needed to start (keys are checked per request, 503 until Omi answers), but say so early.
    void waitForOmi(config.OMI_API_BASE_URL, config.OMI_WAIT_MS).then((up) => {
      if (up) log.info({ omi: config.OMI_API_BASE_URL }, 'Omi API reachable');
      else
        log.warn({ omi: config.OMI_API_BASE_URL }, 'Omi API not reachable yet; requests get 503 until it is');
    });
  }
  return { url, auth, close: () => app.close() };
}
