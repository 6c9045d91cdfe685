import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  type ListToolsResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { z } from 'zod';
import { lazyJsonSchemaValidator } from './lazy-json-schema-validator.js';
import { type OmiToolsOptions, type OmiToolsRegistration, registerOmiTools } from './register-omi-tools.js';
import { omiTools } from './tools/index.js';
import { VERSION } from './version.js';

export interface OmiMcpServerOptions extends OmiToolsOptions {
  /** `serverInfo`, default `{ name: 'omi-kit-mcp', version }`. */
  name?: string;
  version?: string;
  /** What `initialize` tells the assistant about using the tools. */
  instructions?: string;
  /** The SDK's JSON Schema validator (for elicitation answers); default one Ajv shared by the process. */
  jsonSchemaValidator?: jsonSchemaValidator;
}

/** Any `tools/call`, whatever its params: they are checked in the handler (see #answerAsOmiDoes). */
const ANY_TOOL_CALL = z.looseObject({ method: z.literal('tools/call'), params: z.unknown() });

/** Omi's JSON-RPC code for a call the credential's scopes do not allow. */
const MISSING_SCOPE = -32003;

/** A JSON-RPC error the SDK sends with this code and message as they are (an McpError's has a prefix). */
function protocolError(code: number, message: string, data?: unknown): Error {
  return Object.assign(new Error(message), { code, ...(data === undefined ? {} : { data }) });
}

/**
 * The scope (as Omi's MCP writes it, `memories.write`) an Omi tool needs when this server would
 * offer it but the key's scopes ruled it out; undefined for any other name (unknown, or left out by
 * `readOnly` or `tools`, or scopes that could not be read).
 */
function missingScope(
  name: string,
  registration: OmiToolsRegistration,
  options: OmiMcpServerOptions,
): string | undefined {
  const tool = omiTools.find((t) => t.name === name);
  if (!tool || registration.scopes === null || registration.scopes.includes(tool.scope)) return undefined;
  if (options.readOnly && tool.writes) return undefined;
  if (options.tools && !options.tools.includes(tool.name)) return undefined;
  return tool.scope.replace(':', '.');
}

/** How long a client may keep `tools/list` (Omi's value). */
const TOOLS_LIST_TTL_MS = 3_600_000;

export const DEFAULT_INSTRUCTIONS =
  "These tools read and change the user's Omi data: memories (facts about the user), recorded conversations with transcripts, action items, goals and daily summaries. Fetch the evidence a task needs (search_memories, get_conversations, then get_conversation_by_id for a transcript, or ask) instead of guessing. Only create, edit, complete or delete anything when the user asked for it. A failed call has error.code; rate_limited and unavailable say when to retry.";

/**
 * An `McpServer` with Omi's tools. `connect()` waits until the tools are registered (the key's
 * scopes may have to be read first), so a client never sees a tool its key does not allow.
 */
export class OmiMcpServer extends McpServer {
  /** Resolves when the tools are registered (and filtered by the key's scopes, when they could be read). */
  readonly ready: Promise<OmiToolsRegistration>;

  constructor(options: OmiMcpServerOptions) {
    super(
      { name: options.name ?? 'omi-kit-mcp', version: options.version ?? VERSION },
      {
        capabilities: { tools: { listChanged: true } },
        instructions: options.instructions ?? DEFAULT_INSTRUCTIONS,
        jsonSchemaValidator: options.jsonSchemaValidator ?? lazyJsonSchemaValidator,
      },
    );
    this.ready = registerOmiTools(this, options).then((registration) => {
      this.#answerAsOmiDoes((name) => missingScope(name, registration, options));
      return registration;
    });
    // Observed here so an unawaited failure is not an unhandled rejection; connect() rethrows it.
    this.ready.catch(() => {});
  }

  /**
   * Two answers as Omi's own MCP server gives them, around the SDK's handlers (set at the first
   * registration; if a future SDK keeps them elsewhere, its own answers stand):
   * - a call to a tool that is not registered (or not enabled) is the JSON-RPC error -32601
   *   `Unknown tool: <name>`, not the SDK's `isError` result: the assistant asked for something
   *   that does not exist, no tool ran and failed; or -32003 when it is an Omi tool this server
   *   would offer but the key's scopes do not allow, with the scope it needs;
   * - `tools/list` carries `ttlMs` (one hour) and `cacheScope: "private"` (the list follows the
   *   caller's scopes), the cache hints of MCP 2026-07-28.
   */
  #answerAsOmiDoes(missingScopeOf: (name: string) => string | undefined): void {
    type Handler = (request: unknown, extra: unknown) => Promise<unknown>;
    const internals = this as unknown as {
      _registeredTools?: Record<string, { enabled: boolean } | undefined>;
      server: { _requestHandlers?: Map<string, Handler> };
    };
    const tools = internals._registeredTools;
    const sdkCall = internals.server._requestHandlers?.get('tools/call');
    const sdkList = internals.server._requestHandlers?.get('tools/list');
    if (sdkCall && typeof tools === 'object') {
      // Registered with a loose schema: with the strict one, a call without a tool name failed
      // that parse first and became an internal error (-32603) holding zod's issues; now the SDK
      // server's own check of tools/call answers it, with -32602 (invalid params), as Omi does.
      this.server.setRequestHandler(ANY_TOOL_CALL, (request, extra) => {
        const name = (request.params as { name: string }).name;
        if (!Object.hasOwn(tools, name) || !tools[name]?.enabled) {
          const scope = missingScopeOf(name);
          if (scope) {
            throw protocolError(MISSING_SCOPE, `Missing scope: ${name} needs ${scope}.`, {
              _meta: { 'mcp/www_authenticate': `Bearer error="insufficient_scope", scope="${scope}"` },
            });
          }
          throw protocolError(ErrorCode.MethodNotFound, `Unknown tool: ${name}`);
        }
        return sdkCall(request, extra) as Promise<CallToolResult>;
      });
    }
    if (sdkList) {
      this.server.setRequestHandler(ListToolsRequestSchema, async (request, extra) => ({
        ...((await sdkList(request, extra)) as ListToolsResult),
        ttlMs: TOOLS_LIST_TTL_MS,
        cacheScope: 'private',
      }));
    }
  }

  override async connect(transport: Transport): Promise<void> {
    await this.ready;
    await super.connect(transport);
  }
}

/** Builds the server; see {@link OmiMcpServer}. Connect it to one transport (stdio, HTTP, in-memory). */
export function createOmiMcpServer(options: OmiMcpServerOptions): OmiMcpServer {
  return new OmiMcpServer(options);
}
