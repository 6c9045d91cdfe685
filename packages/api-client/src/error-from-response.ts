import {
  OmiAuthError,
  OmiBadRequestError,
  OmiConflictError,
  OmiError,
  type OmiErrorRequest,
  type OmiFieldError,
  OmiNotFoundError,
  OmiPaymentRequiredError,
  OmiPermissionError,
  OmiRateLimitError,
  OmiServerError,
  OmiUnavailableError,
  OmiValidationError,
} from './errors.js';
import { redactSecrets, redactSecretsDeep } from './redact-secrets.js';
import { parseRetryAfter } from './retry-after.js';

export interface ErrorResponse {
  status: number;
  headers: Headers;
  bodyText: string;
  request: OmiErrorRequest;
  /** Secrets to mask wherever they appear. */
  secrets: readonly string[];
  nowMs: number;
  /** The rate-limit policies the call was charged to. */
  policies: readonly string[];
  /** What to tell the user about their key on a 401. */
  authHint: string;
}

const MAX_TEXT = 300;

function readDetail(bodyText: string, secrets: readonly string[]): unknown {
  try {
    const parsed = JSON.parse(bodyText) as unknown;
    if (parsed !== null && typeof parsed === 'object' && 'detail' in parsed) {
      return redactSecretsDeep((parsed as { detail: unknown }).detail, secrets);
    }
    return redactSecretsDeep(parsed, secrets);
  } catch {
    const text = bodyText.trim();
    return redactSecrets(text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text, secrets);
  }
}

/** FastAPI's `loc` (`["body", "memories", 3, "content"]`) as `memories[3].content`. */
function fieldPath(loc: readonly (string | number)[]): string {
  let out = '';
  for (const part of loc) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}

function fieldsOf(detail: unknown): OmiFieldError[] {
  if (!Array.isArray(detail)) return [];
  return detail
    .filter((d): d is { loc: (string | number)[]; msg: string; type?: string } => {
      return d !== null && typeof d === 'object' && Array.isArray(d.loc) && typeof d.msg === 'string';
    })
    .map((d) => {
      const [first, ...rest] = d.loc;
      const located = first === 'body' || first === 'query' || first === 'path' || first === 'header';
      return {
        location: located ? String(first) : 'body',
        path: fieldPath(located ? rest : d.loc),
        message: d.msg,
        type: d.type ?? 'value_error',
      };
    });
}

function detailText(detail: unknown): string {
  if (typeof detail === 'string') return detail || '(empty body)';
  const fields = fieldsOf(detail);
  if (fields.length > 0) return fields.map((f) => `${f.path || f.location}: ${f.message}`).join('; ');
  if (detail !== null && typeof detail === 'object') {
    const d = detail as { message?: unknown; code?: unknown };
    if (typeof d.message === 'string') return d.message;
    const json = JSON.stringify(detail);
    return json.length > MAX_TEXT ? `${json.slice(0, MAX_TEXT)}…` : json;
  }
  return String(detail);
}

function detailCode(detail: unknown): string | undefined {
  if (detail !== null && typeof detail === 'object' && !Array.isArray(detail)) {
    const code = (detail as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function intHeader(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || !/^\s*\d+\s*$/.test(raw)) return null;
  return Number(raw);
}

/** The typed error for a non-2xx answer, with a message that says what to do next. */
export function errorFromResponse(r: ErrorResponse): OmiError {
  const detail = readDetail(r.bodyText, r.secrets);
  const text = detailText(detail);
  const where = `${r.request.method} ${r.request.path}`;
  const base = { status: r.status, detail, request: r.request };
  switch (r.status) {
    case 400:
      return new OmiBadRequestError({
        ...base,
        code: 'bad_request',
        message: `Omi refused ${where} (400): ${text}`,
      });
    case 401:
      return new OmiAuthError({
        ...base,
        code: 'unauthorized',
        message: `Omi refused the API key (401: ${text}). ${r.authHint}`,
      });
    case 402:
      return new OmiPaymentRequiredError({
        ...base,
        code: 'payment_required',
        message: `${text} (402 at ${where}): the item is locked on the user's free plan.`,
      });
    case 403: {
      const scope = /Required scope: ([\w:]+)/.exec(text)?.[1] ?? null;
      const omiCode = detailCode(detail);
      if (scope) {
        return new OmiPermissionError({
          ...base,
          code: 'insufficient_scope',
          requiredScope: scope,
          message: `The API key lacks the "${scope}" scope (403 at ${where}). Scopes are fixed when a key is created: create a key that has ${scope}.`,
        });
      }
      if (omiCode === 'developer_memory_access_not_ready') {
        return new OmiPermissionError({
          ...base,
          code: omiCode,
          message: `Omi has not enabled developer memory access for this account yet (403 ${omiCode}); the key can be valid and correctly scoped. Retry later.`,
        });
      }
      return new OmiPermissionError({
        ...base,
        code: omiCode ?? 'forbidden',
        message: `Omi refused ${where} (403): ${text}`,
      });
    }
    case 404:
      return new OmiNotFoundError({
        ...base,
        code: 'not_found',
        message: `${text} (404 at ${where}).`,
      });
    case 409:
      return new OmiConflictError({
        ...base,
        code: 'conflict',
        message: `${text} (409 at ${where}).`,
      });
    case 422: {
      const fields = fieldsOf(detail);
      return new OmiValidationError({
        ...base,
        code: 'validation_error',
        fields,
        message: `Omi refused ${where} (422): ${text}`,
      });
    }
    case 429: {
      const retryAfterMs = parseRetryAfter(r.headers.get('retry-after'), r.nowMs);
      const retryAfter = retryAfterMs === null ? null : Math.ceil(retryAfterMs / 1000);
      const limit = intHeader(r.headers, 'x-ratelimit-limit');
      const policies = r.policies.length ? r.policies.join(' + ') : 'this call';
      return new OmiRateLimitError({
        ...base,
        code: 'rate_limited',
        retryAfter,
        limit,
        policies: r.policies,
        message: `Rate limit exceeded for ${policies} (429${limit !== null ? `, limit ${limit} per window` : ''})${retryAfter !== null ? `; Omi accepts calls again in ${retryAfter} s` : ''}.`,
      });
    }
    case 503: {
      const retryAfterMs = parseRetryAfter(r.headers.get('retry-after'), r.nowMs);
      const retryAfter = retryAfterMs === null ? null : Math.ceil(retryAfterMs / 1000);
      const omiCode = detailCode(detail);
      if (text === 'Rate limiter unavailable') {
        return new OmiUnavailableError({
          ...base,
          retryAfter,
          code: 'rate_limiter_unavailable',
          message: `Omi's rate limiter is unavailable (503 at ${where}); Omi refused the call before doing anything, so it is safe to retry.`,
        });
      }
      return new OmiUnavailableError({
        ...base,
        retryAfter,
        code: omiCode ?? 'unavailable',
        message: `Omi is unavailable (503 at ${where}): ${text}`,
      });
    }
    default:
      if (r.status >= 500) {
        return new OmiServerError({
          ...base,
          code: 'server_error',
          message: `Omi failed with ${r.status} at ${where}: ${text}`,
        });
      }
      return new OmiError({
        ...base,
        code: 'http_error',
        message: `Omi answered ${r.status} at ${where}: ${text}`,
      });
  }
}
