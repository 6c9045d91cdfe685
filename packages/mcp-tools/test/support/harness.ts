import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createOmiClient, type OmiClient, type OmiClientOptions } from '@omi-kit/api-client';
import { createEmulator, type Emulator, type EmulatorOptions } from '@omi-kit/emulator';
import { createOmiMcpServer, type OmiMcpServerOptions } from '@omi-kit/mcp-tools';

export interface RunningEmulator {
  emulator: Emulator;
  baseUrl: string;
  /** An omi_dev_ key with every scope. */
  key: string;
  close(): Promise<void>;
}

/** A seeded emulator on 127.0.0.1, port 0. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = createEmulator({ seed: true, rateLimitBoost: 1000, ...options });
  const baseUrl = await emulator.listen({ port: 0 });
  return { emulator, baseUrl, key: emulator.createKey(), close: () => emulator.close() };
}

/** A client whose every HTTP request is counted (`requests.length`), with retries off. */
export function countingClient(
  baseUrl: string,
  apiKey: string,
  options: OmiClientOptions = {},
): { client: OmiClient; requests: string[] } {
  const requests: string[] = [];
  const client = createOmiClient({
    apiKey,
    baseUrl,
    maxRetries: 0,
    rateLimits: false,
    ...options,
    fetch: (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return (options.fetch ?? fetch)(input, init);
    },
  });
  return { client, requests };
}

export interface Connected {
  mcp: Client;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** The SDK's real Client, connected over InMemoryTransport to a server with Omi's tools. */
export async function connectInMemory(options: OmiMcpServerOptions): Promise<Connected> {
  const server = createOmiMcpServer(options);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const mcp = new Client({ name: 'test', version: '1.0.0' });
  await server.connect(serverSide);
  await mcp.connect(clientSide);
  // Listing first makes the v1 client validate structuredContent against every outputSchema.
  await mcp.listTools();
  return {
    mcp,
    call: async (name, args = {}) => (await mcp.callTool({ name, arguments: args })) as CallToolResult,
    close: async () => {
      await mcp.close();
      await server.close();
    },
  };
}

/** The structured payload of a result. */
export function payload<T = Record<string, unknown>>(result: CallToolResult): T {
  return result.structuredContent as T;
}

/** The error of a failed result. */
export function errorOf(result: CallToolResult): { code: string; message: string; retry_after?: number } {
  if (!result.isError) throw new Error(`expected an error, got ${JSON.stringify(result.structuredContent)}`);
  return (result.structuredContent as { error: { code: string; message: string } }).error;
}
