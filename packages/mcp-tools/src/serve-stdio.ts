import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createOmiClient, type OmiClient } from '@omi-kit/api-client';
import { createOmiMcpServer, type OmiMcpServer, type OmiMcpServerOptions } from './create-omi-mcp-server.js';
import { logToolCall } from './log-tool-call.js';
import type { Logger } from './logger.js';
import type { OmiToolsRegistration } from './register-omi-tools.js';

export interface ServeStdioOptions extends Omit<OmiMcpServerOptions, 'client'> {
  /** Default: a client for `apiKey` / `OMI_API_KEY` at `baseUrl` / `OMI_API_BASE_URL`. */
  client?: OmiClient;
  apiKey?: string;
  baseUrl?: string;
  logger?: Logger;
  /** Default `process.stdin` / `process.stdout`. */
  stdin?: Readable;
  stdout?: Writable;
}

export interface StdioServerHandle {
  server: OmiMcpServer;
  registration: OmiToolsRegistration;
  close(): Promise<void>;
}

/**
 * Serves Omi's tools over stdio: JSON-RPC on stdin/stdout, logs (if any) on stderr. Resolves once
 * the tools are registered and the transport is listening.
 */
export async function serveStdio(options: ServeStdioOptions = {}): Promise<StdioServerHandle> {
  const { logger, stdin, stdout, apiKey, baseUrl, ...serverOptions } = options;
  const client =
    options.client ?? createOmiClient({ ...(apiKey ? { apiKey } : {}), ...(baseUrl ? { baseUrl } : {}) });
  const server = createOmiMcpServer({
    ...serverOptions,
    client,
    onToolCall: (event) => {
      if (logger) logToolCall(logger, event);
      serverOptions.onToolCall?.(event);
    },
  });
  await server.connect(new StdioServerTransport(stdin, stdout));
  const registration = await server.ready;
  if (registration.scopeError) {
    logger?.warn(
      { err: { message: registration.scopeError.message } },
      "could not read the API key's scopes; offering every tool, calls will report what Omi answers",
    );
  }
  logger?.info({ tools: registration.names.length, scopes: registration.scopes }, 'omi-mcp serving on stdio');
  return { server, registration, close: () => server.close() };
}
