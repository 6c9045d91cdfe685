import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { lazyJsonSchemaValidator } from './lazy-json-schema-validator.js';
import { type OmiToolsOptions, type OmiToolsRegistration, registerOmiTools } from './register-omi-tools.js';
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
    this.ready = registerOmiTools(this, options);
    // Observed here so an unawaited failure is not an unhandled rejection; connect() rethrows it.
    this.ready.catch(() => {});
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
