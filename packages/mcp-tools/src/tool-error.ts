/** The stable codes of a failed tool call, as Omi's hosted MCP server reports them. */
export const toolErrorCodes = [
  'invalid_arguments',
  'not_found',
  'paid_plan_required',
  'authorization_denied',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ToolErrorCode = (typeof toolErrorCodes)[number];

/** What `internal` always says: the cause stays in the server's log, never in the result. */
export const INTERNAL_ERROR_MESSAGE = 'Tool temporarily unavailable. Retry shortly.';

/**
 * A tool failure with a stable `code` and a message an assistant can act on. Tool handlers throw
 * it; the registration turns it into an `isError` result with `{ error: { code, message } }`.
 */
export class OmiToolError extends Error {
  override name = 'OmiToolError';
  readonly code: ToolErrorCode;
  /** Seconds until a retry can succeed, for `rate_limited` and `unavailable`. */
  readonly retryAfter: number | undefined;

  constructor(code: ToolErrorCode, message: string, options: { retryAfter?: number | null } = {}) {
    super(message);
    this.code = code;
    this.retryAfter = options.retryAfter ?? undefined;
  }
}
