import {
  OmiAuthError,
  OmiBadRequestError,
  OmiBatchError,
  OmiConflictError,
  OmiConnectionError,
  OmiNotFoundError,
  OmiPaymentRequiredError,
  OmiPermissionError,
  OmiRateLimitError,
  OmiRequestValidationError,
  OmiServerError,
  OmiTimeoutError,
  OmiUnavailableError,
  OmiValidationError,
} from '@omi-kit/api-client';
import { INTERNAL_ERROR_MESSAGE, OmiToolError } from './tool-error.js';

/** What the failed call was about, for messages like "No memory with id ...". */
export interface FailureContext {
  /** `memory`, `conversation`, `action item`... */
  resource?: string;
  id?: string;
}

function describeFields(error: OmiValidationError): string {
  if (error.fields.length === 0) return typeof error.detail === 'string' ? error.detail : 'invalid value';
  return error.fields.map((f) => `${f.path || f.location}: ${f.message}`).join('; ');
}

/**
 * The tool error for anything a tool call threw. Messages never carry the request URL, the
 * response body beyond Omi's own `detail` text, or the key (the api-client masks it anyway).
 */
export function toolErrorFrom(error: unknown, context: FailureContext = {}): OmiToolError {
  if (error instanceof OmiToolError) return error;
  if (error instanceof OmiBatchError) {
    const first = error.failed[0]?.error;
    if (first) return toolErrorFrom(first, context);
  }
  const what = context.resource ?? 'item';
  const withId = context.id === undefined ? '' : ` with id "${context.id}"`;
  if (error instanceof OmiRequestValidationError) {
    return new OmiToolError(
      'invalid_arguments',
      `Invalid arguments: ${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`,
    );
  }
  if (error instanceof OmiValidationError) {
    return new OmiToolError(
      'invalid_arguments',
      `Omi refused the arguments (HTTP 422): ${describeFields(error)}.`,
    );
  }
  if (error instanceof OmiBadRequestError) {
    const detail = typeof error.detail === 'string' ? `: ${error.detail}` : '';
    return new OmiToolError('invalid_arguments', `Omi refused the arguments (HTTP 400)${detail}.`);
  }
  if (error instanceof OmiNotFoundError) {
    return new OmiToolError(
      'not_found',
      `No ${what}${withId} exists (HTTP 404). Check the id, for example by listing first.`,
    );
  }
  if (error instanceof OmiPaymentRequiredError) {
    return new OmiToolError(
      'paid_plan_required',
      `This ${what} is locked on the user's free plan (HTTP 402); a paid Omi plan is needed to read or change it.`,
    );
  }
  if (error instanceof OmiPermissionError) {
    const scope = error.requiredScope
      ? ` The key lacks the "${error.requiredScope}" scope; create a Developer API key that has it.`
      : '';
    return new OmiToolError('authorization_denied', `Omi denied this call (HTTP 403).${scope}`);
  }
  if (error instanceof OmiAuthError) {
    return new OmiToolError(
      'authorization_denied',
      'Omi refused the API key (HTTP 401). The server needs a current Developer API key (omi_dev_...), created in the Omi app under Settings -> Developer.',
    );
  }
  if (error instanceof OmiRateLimitError) {
    const retry = error.retryAfter === null ? '' : ` Retry in ${error.retryAfter} s.`;
    return new OmiToolError(
      'rate_limited',
      `Omi's rate limit for this kind of call is reached (HTTP 429).${retry}`,
      {
        retryAfter: error.retryAfter,
      },
    );
  }
  if (error instanceof OmiUnavailableError) {
    const retry = error.retryAfter === null ? ' Retry shortly.' : ` Retry in ${error.retryAfter} s.`;
    return new OmiToolError('unavailable', `Omi is temporarily unavailable (HTTP 503).${retry}`, {
      retryAfter: error.retryAfter,
    });
  }
  if (error instanceof OmiConflictError) {
    return new OmiToolError(
      'unavailable',
      'Omi is still processing the same request (HTTP 409). Retry shortly.',
    );
  }
  if (error instanceof OmiTimeoutError || error instanceof OmiConnectionError) {
    return new OmiToolError('unavailable', 'Omi could not be reached in time. Retry shortly.');
  }
  if (error instanceof OmiServerError && error.status !== undefined && error.status !== 500) {
    return new OmiToolError(
      'unavailable',
      `Omi is temporarily unavailable (HTTP ${error.status}). Retry shortly.`,
    );
  }
  // 500s, answers that do not match the schema, bugs: the cause goes to the log, not to the model.
  return new OmiToolError('internal', INTERNAL_ERROR_MESSAGE);
}
