import {
  createPluginServer,
  type PluginDefinition,
  type PluginServer,
  type PluginServerOptions,
} from '@omi-kit/plugin';
import { createMemoryStorage, type Storage } from '@omi-kit/storage';

export const APP_ID = 'app_test_01';
export const SECRET = 'whsec_plugin_test_secret_0123456789abcdefABCDEF';

export interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface TestServer {
  server: PluginServer;
  url: string;
  logs: LogRecord[];
  storage: Storage;
  /** POST raw bytes (or a JSON value) and read the status and JSON reply. */
  post(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
    // biome-ignore lint/suspicious/noExplicitAny: replies are read field by field in tests
  ): Promise<{ status: number; body: any; headers: Headers }>;
  // biome-ignore lint/suspicious/noExplicitAny: replies are read field by field in tests
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** A plugin server on 127.0.0.1, port 0, with logs captured and (by default) in-memory storage. */
export async function startTestServer(
  plugin: PluginDefinition,
  options: PluginServerOptions & { env?: Record<string, string | undefined> } = {},
): Promise<TestServer> {
  const logs: LogRecord[] = [];
  const storage = options.storage ?? createMemoryStorage({ quiet: true, logger: { warn() {}, error() {} } });
  const server = await createPluginServer(plugin, {
    worker: { pollIntervalMs: 5 },
    ...options,
    env: { OMI_APP_ID: APP_ID, LOG_LEVEL: 'debug', ...options.env },
    storage,
    logger: { stream: { write: (line: string) => logs.push(JSON.parse(line)) } },
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    server,
    url,
    logs,
    storage,
    async post(path, body, headers = {}) {
      const raw =
        Buffer.isBuffer(body) || typeof body === 'string' ? body : Buffer.from(JSON.stringify(body), 'utf8');
      const response = await fetch(url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...lowerCaseKeys(headers) },
        body: raw as string,
        redirect: 'manual',
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text ? JSON.parse(text) : undefined,
        headers: response.headers,
      };
    },
    async get(path, headers = {}) {
      const response = await fetch(url + path, { headers, redirect: 'manual' });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async close() {
      await server.close();
      if (!options.storage) await storage.close();
    },
  };
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** Log lines whose message contains `text`. */
export function logsWith(logs: LogRecord[], text: string): LogRecord[] {
  return logs.filter((line) => typeof line.msg === 'string' && line.msg.includes(text));
}

/** Resolves when `check` returns true (polling every 5 ms), or fails after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
