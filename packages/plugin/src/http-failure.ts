import type { ValidationIssue } from './validation-issues.js';

/** Codes of the error bodies the plugin answers with: `{error, message, …}`. */
export type HttpFailureCode =
  | 'malformed_json'
  | 'invalid_payload'
  | 'payload_too_large'
  | 'missing_uid'
  | 'invalid_signature'
  | 'unknown_tool'
  | 'internal_error';

/** A request the plugin refuses, with the status and a body that says why. Thrown inside routes. */
export class HttpFailure extends Error {
  override name = 'HttpFailure';

  constructor(
    readonly statusCode: number,
    readonly code: HttpFailureCode,
    message: string,
    readonly extra: { issues?: ValidationIssue[]; reason?: string } = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return { error: this.code, message: this.message, ...this.extra };
  }
}
