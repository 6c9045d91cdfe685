import { Geolocation } from '@omi-kit/schemas';
import { z } from 'zod';

/**
 * What Omi sends to a chat-tool endpoint (reference §2.6): the tool's arguments plus `uid`,
 * `app_id`, `tool_name` and maybe `geolocation`, as the JSON body (POST/PUT/PATCH) or as query
 * parameters (GET). Arguments are the extra keys.
 */
export const ChatToolCallBody = z.looseObject({
  uid: z.string(),
  app_id: z.string(),
  tool_name: z.string(),
  geolocation: Geolocation.nullish(),
});
export type ChatToolCallBody = z.infer<typeof ChatToolCallBody>;

const RESERVED = new Set(['uid', 'app_id', 'tool_name', 'geolocation']);

export interface ChatToolCall<Args = Record<string, unknown>> {
  uid: string;
  appId: string;
  toolName: string;
  geolocation: Geolocation | null;
  /** The tool's own arguments: every key but `uid`, `app_id`, `tool_name` and `geolocation`. */
  args: Args;
}

/**
 * Split a chat-tool call into Omi's keys and the tool's arguments, validating the arguments with
 * `argsSchema` when given. Pass the parsed JSON body, or for GET the query (values are strings
 * there, so use `z.coerce` in `argsSchema`). Throws a `ZodError` with the failing paths.
 */
export function parseChatToolCall<Schema extends z.ZodType = z.ZodType<Record<string, unknown>>>(
  input: string | URLSearchParams | Record<string, unknown>,
  argsSchema?: Schema,
): ChatToolCall<z.output<Schema>> {
  const call = ChatToolCallBody.parse(isQuery(input) ? queryRecord(input) : input);
  const rest = Object.fromEntries(Object.entries(call).filter(([key]) => !RESERVED.has(key)));
  return {
    uid: call.uid,
    appId: call.app_id,
    toolName: call.tool_name,
    geolocation: call.geolocation ?? null,
    args: (argsSchema ? argsSchema.parse(rest) : rest) as z.output<Schema>,
  };
}

function isQuery(input: unknown): input is string | URLSearchParams {
  return typeof input === 'string' || input instanceof URLSearchParams;
}

// Repeated names (a list argument) become arrays, as in Fastify's req.query.
function queryRecord(query: string | URLSearchParams): Record<string, unknown> {
  const params = typeof query === 'string' ? new URLSearchParams(query.replace(/^\?/, '')) : query;
  const record: Record<string, string | string[]> = {};
  for (const [name, value] of params) {
    const seen = record[name];
    record[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return record;
}
