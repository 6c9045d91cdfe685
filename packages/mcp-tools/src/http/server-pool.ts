import type { OmiClient } from '@omi-kit/api-client';
import { createOmiMcpServer, type OmiMcpServer, type OmiMcpServerOptions } from '../create-omi-mcp-server.js';
import { type LineLogger, logToolCall } from '../log-tool-call.js';
import { ExchangeTransport } from './exchange-transport.js';

/** A connected server with Omi's tools for one caller, and where its tool-call lines go. */
export interface PooledServer {
  server: OmiMcpServer;
  transport: ExchangeTransport;
  connected: Promise<void>;
  log: LineLogger | undefined;
}

type ServerOptions = Omit<OmiMcpServerOptions, 'client' | 'scopes'>;

/**
 * Idle servers per caller (per client and scopes). A stateless request needs a server to itself,
 * and building one registers every tool again; instead each caller keeps a few connected servers
 * and a request borrows one.
 */
export class ServerPool {
  readonly #idle = new WeakMap<OmiClient, Map<string, PooledServer[]>>();

  constructor(
    private readonly options: ServerOptions,
    private readonly maxIdle = 8,
  ) {}

  take(client: OmiClient, scopes: readonly string[] | null, log: LineLogger): PooledServer {
    const entry = this.#idle.get(client)?.get(JSON.stringify(scopes))?.pop() ?? this.#create(client, scopes);
    entry.log = log;
    return entry;
  }

  /** Back to the pool after its exchange settled. */
  give(client: OmiClient, scopes: readonly string[] | null, entry: PooledServer): void {
    entry.log = undefined;
    let byScopes = this.#idle.get(client);
    if (!byScopes) {
      byScopes = new Map();
      this.#idle.set(client, byScopes);
    }
    const key = JSON.stringify(scopes);
    const idle = byScopes.get(key) ?? [];
    if (idle.length < this.maxIdle) idle.push(entry);
    else void entry.server.close();
    byScopes.set(key, idle);
  }

  #create(client: OmiClient, scopes: readonly string[] | null): PooledServer {
    const transport = new ExchangeTransport();
    const entry = { transport, log: undefined } as PooledServer;
    entry.server = createOmiMcpServer({
      ...this.options,
      client,
      scopes,
      onToolCall: (event) => {
        if (entry.log) logToolCall(entry.log, event);
        this.options.onToolCall?.(event);
      },
    });
    entry.connected = entry.server.connect(transport);
    return entry;
  }
}
