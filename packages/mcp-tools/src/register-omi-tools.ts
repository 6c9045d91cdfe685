import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { OmiClient, RequestOptions } from '@omi-kit/api-client';
import type { Scope } from '@omi-kit/schemas';
import type { z } from 'zod';
import type { OmiToolDefinition } from './define-tool.js';
import { jsonSchemaOf, listedAs } from './listed-schema.js';
import { outputSchemaWithErrorBranch } from './output-schema.js';
import { OmiToolError } from './tool-error.js';
import { toolErrorFrom } from './tool-error-from.js';
import { normalizeScopes } from './tool-scopes.js';
import { type OmiToolName, omiTools } from './tools/index.js';

/** One finished tool call, for logs and metrics. Never holds arguments, results or the key. */
export interface ToolCallEvent {
  tool: string;
  durationMs: number;
  /** `ok`, the error code, or `cancelled` when the client went away (no result was sent). */
  outcome: 'ok' | 'cancelled' | OmiToolError['code'];
  /** For `internal`: the original error, to log on the server side (never sent to the client). */
  cause?: unknown;
}

export interface OmiToolsOptions {
  /** The Developer API client the tools call (its key never reaches a tool argument or result). */
  client: OmiClient;
  /** Register only the tools that read (default false). */
  readOnly?: boolean;
  /**
   * The scopes of the client's key (`memories:read` or `memories.read`; `null` is Omi's read-only
   * default). Tools they do not allow are not registered. Omitted: read from the key with
   * `client.key.get()`.
   */
  scopes?: readonly string[] | null;
  /** Register only these tools (still in the fixed order). */
  tools?: readonly OmiToolName[];
  /**
   * Options for every api-client call. Default `{ waitForRateLimit: false }`: an assistant gets
   * `rate_limited` with a retry time instead of a call that hangs until the hour's window ends.
   */
  requestOptions?: RequestOptions;
  /** Called after every tool call. */
  onToolCall?: (event: ToolCallEvent) => void;
}

export interface OmiToolsRegistration {
  /** The registered tools, in list order. */
  names: OmiToolName[];
  /** The scopes the registration was filtered by; `null` when they could not be read (see `scopeError`). */
  scopes: Scope[] | null;
  /** Why `client.key.get()` failed, when it did: the tools stay registered unfiltered. */
  scopeError?: Error;
  tools: Partial<Record<OmiToolName, RegisteredTool>>;
}

interface Listed {
  input: z.ZodObject;
  output: z.ZodObject;
}
const listedSchemas = new Map<string, Listed>();

/** The SDK-facing schemas of a tool, computed once per process (per-request servers reuse them). */
function listedOf(tool: OmiToolDefinition): Listed {
  let listed = listedSchemas.get(tool.name);
  if (!listed) {
    listed = {
      input: listedAs(jsonSchemaOf(tool.listedInput ?? tool.input, 'input')),
      output: listedAs(outputSchemaWithErrorBranch(tool.output)),
    };
    listedSchemas.set(tool.name, listed);
  }
  return listed;
}

function success(data: unknown): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(data) }],
    structuredContent: data as Record<string, unknown>,
  };
}

function failure(error: OmiToolError): CallToolResult {
  const payload = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.retryAfter !== undefined ? { retry_after: error.retryAfter } : {}),
    },
  };
  return {
    isError: true,
    content: [{ type: 'text', text: JSON.stringify(payload) }],
    structuredContent: payload,
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

function register(
  server: McpServer,
  tool: OmiToolDefinition,
  options: OmiToolsOptions,
  requestOptions: RequestOptions,
): RegisteredTool {
  const { input, output } = listedOf(tool);
  return server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: input,
      outputSchema: output,
      annotations: tool.annotations,
    },
    async (rawArgs: Record<string, unknown>, extra) => {
      const started = performance.now();
      let result: CallToolResult;
      let outcome: ToolCallEvent['outcome'] = 'ok';
      let cause: unknown;
      // Checked here, before any request: a bad date or category never reaches Omi.
      const parsed = tool.input.safeParse(rawArgs ?? {});
      if (!parsed.success) {
        outcome = 'invalid_arguments';
        result = failure(
          new OmiToolError('invalid_arguments', `Invalid arguments: ${describeIssues(parsed.error)}.`),
        );
      } else {
        try {
          const data = await tool.run(parsed.data, {
            client: options.client,
            requestOptions: {
              ...requestOptions,
              signal: requestOptions.signal
                ? AbortSignal.any([requestOptions.signal, extra.signal])
                : extra.signal,
            },
          });
          result = success(data);
        } catch (error) {
          const toolError = toolErrorFrom(error, tool.failureContext?.(parsed.data));
          outcome = extra.signal.aborted ? 'cancelled' : toolError.code;
          if (outcome === 'internal') cause = error;
          result = failure(toolError);
        }
      }
      try {
        options.onToolCall?.({
          tool: tool.name,
          durationMs: performance.now() - started,
          outcome,
          ...(cause === undefined ? {} : { cause }),
        });
      } catch {
        // An observer: a failing logger must not change the call's result.
      }
      return result;
    },
  );
}

/**
 * Registers Omi's tools on an `McpServer`, in a fixed order: the read tools, and the write tools
 * unless `readOnly`, each only if the key's scopes allow it.
 *
 * With `scopes` given, everything is registered before this returns. Without, the tools are
 * registered at once and those the key does not allow are removed when `client.key.get()`
 * answers; await the promise before connecting a transport, so `tools/list` never shows them.
 * If the key cannot be read (refused, Omi not reachable), the tools stay, `scopes` is `null` and
 * `scopeError` says why; each call then answers what Omi says.
 */
export async function registerOmiTools(
  server: McpServer,
  options: OmiToolsOptions,
): Promise<OmiToolsRegistration> {
  const requestOptions: RequestOptions = { waitForRateLimit: false, ...options.requestOptions };
  const only = options.tools ? new Set<string>(options.tools) : null;
  const wanted = omiTools.filter((t) => (!options.readOnly || !t.writes) && (!only || only.has(t.name)));
  const allowedBy = (scopes: readonly Scope[]) => wanted.filter((t) => scopes.includes(t.scope));

  const registered: Partial<Record<OmiToolName, RegisteredTool>> = {};
  const scopesGiven = options.scopes !== undefined;
  const initial = scopesGiven ? allowedBy(normalizeScopes(options.scopes ?? null)) : wanted;
  for (const tool of initial) {
    registered[tool.name as OmiToolName] = register(server, tool, options, requestOptions);
  }
  let scopes: Scope[] | null;
  let scopeError: Error | undefined;
  if (scopesGiven) {
    scopes = normalizeScopes(options.scopes ?? null);
  } else {
    try {
      const key = await options.client.key.get(requestOptions);
      scopes = normalizeScopes(key.scopes ?? null);
    } catch (error) {
      // Unknown scopes (a refused key, Omi not up yet): keep the tools; each call then reports
      // what Omi says (authorization_denied, unavailable), which tells the user more than no tools.
      scopes = null;
      scopeError = error instanceof Error ? error : new Error(String(error));
    }
    if (scopes) {
      const allowed = new Set<string>(allowedBy(scopes).map((t) => t.name));
      for (const [name, tool] of Object.entries(registered)) {
        if (allowed.has(name)) continue;
        tool?.remove();
        delete registered[name as OmiToolName];
      }
    }
  }
  const names = omiTools.map((t) => t.name as OmiToolName).filter((n) => registered[n] !== undefined);
  return { names, scopes, tools: registered, ...(scopeError ? { scopeError } : {}) };
}
