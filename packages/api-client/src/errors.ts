/** The request an error belongs to: method and path only (never headers, never the query). */
export interface OmiErrorRequest {
  method: string;
  path: string;
  /** The client's name for the call, e.g. `createMemory`. */
  operation: string;
}

export interface OmiErrorInit {
  message: string;
  code: string;
  status?: number | undefined;
  detail?: unknown;
  request?: OmiErrorRequest | undefined;
  cause?: unknown;
}

/**
 * Every error the clients throw. `code` is stable and meant for programs; `message` says what went
 * wrong and what to do; `detail` is Omi's `detail` as it came (secrets masked). No error ever
 * carries the API key, the Authorization header or the request's query string.
 */
export class OmiError extends Error {
  override name = 'OmiError';
  /** HTTP status, when Omi answered. */
  readonly status: number | undefined;
  readonly code: string;
  readonly detail: unknown;
  readonly request: OmiErrorRequest | undefined;

  constructor(init: OmiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.detail = init.detail;
    this.request = init.request;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      status: this.status,
      message: this.message,
      detail: this.detail,
      request: this.request,
    };
  }
}

/** 401: the key is missing, malformed, revoked, or of the wrong family. */
export class OmiAuthError extends OmiError {
  override name = 'OmiAuthError';
}

/** 400: Omi refused a parameter in its handler (for example an unknown category). */
export class OmiBadRequestError extends OmiError {
  override name = 'OmiBadRequestError';
}

/** 402: the resource is locked behind a paid plan. */
export class OmiPaymentRequiredError extends OmiError {
  override name = 'OmiPaymentRequiredError';
}

/**
 * 403. `requiredScope` is set when the key lacks a scope; `code` is Omi's own `detail.code` when it
 * sent one (`developer_memory_access_not_ready`, `account_deletion_in_progress`), `insufficient_scope`
 * for a missing scope, otherwise `forbidden`.
 */
export class OmiPermissionError extends OmiError {
  override name = 'OmiPermissionError';
  readonly requiredScope: string | null;
  constructor(init: OmiErrorInit & { requiredScope?: string | null }) {
    super(init);
    this.requiredScope = init.requiredScope ?? null;
  }

  /** Same as `requiredScope`. */
  get scope(): string | null {
    return this.requiredScope;
  }
}

/** 404. */
export class OmiNotFoundError extends OmiError {
  override name = 'OmiNotFoundError';
}

/** 409: for from-segments, the same `client_session_id` is still being processed. */
export class OmiConflictError extends OmiError {
  override name = 'OmiConflictError';
}

/** One field Omi (FastAPI) refused. `path` is like `memories[3].content`. */
export interface OmiFieldError {
  /** `body`, `query` or `path`. */
  location: string;
  path: string;
  message: string;
  type: string;
}

/** 422: the fields Omi refused, from FastAPI's list; empty when Omi sent a sentence instead. */
export class OmiValidationError extends OmiError {
  override name = 'OmiValidationError';
  readonly fields: OmiFieldError[];
  constructor(init: OmiErrorInit & { fields: OmiFieldError[] }) {
    super(init);
    this.fields = init.fields;
  }

  /** The refused fields' paths, e.g. `['memories[3].content']`. */
  get paths(): string[] {
    return this.fields.map((f) => f.path || f.location);
  }
}

/**
 * 429, or a call made with `waitForRateLimit: false` whose allowance is spent (`local: true`, no
 * request was sent). `retryAfter` is in seconds.
 */
export class OmiRateLimitError extends OmiError {
  override name = 'OmiRateLimitError';
  readonly retryAfter: number | null;
  /** Omi's effective limit for the window, from `X-RateLimit-Limit`. */
  readonly limit: number | null;
  /** The client's rate-limit policies the call is charged to. */
  readonly policies: readonly string[];
  readonly local: boolean;
  constructor(
    init: OmiErrorInit & {
      retryAfter: number | null;
      limit?: number | null;
      policies?: readonly string[];
      local?: boolean;
    },
  ) {
    super(init);
    this.retryAfter = init.retryAfter;
    this.limit = init.limit ?? null;
    this.policies = init.policies ?? [];
    this.local = init.local ?? false;
  }
}

/** 503: `rate_limiter_unavailable`, `account_deletion_state_unavailable`, or `unavailable`. */
export class OmiUnavailableError extends OmiError {
  override name = 'OmiUnavailableError';
  /** Seconds, when the server sent `Retry-After`. */
  readonly retryAfter: number | null;
  constructor(init: OmiErrorInit & { retryAfter?: number | null }) {
    super(init);
    this.retryAfter = init.retryAfter ?? null;
  }
}

/** 500, 502, 504 and other statuses Omi does not document. */
export class OmiServerError extends OmiError {
  override name = 'OmiServerError';
}

/**
 * No answer within `timeoutMs`. The request may have reached Omi (`requestSent` is always true),
 * so a write that is not idempotent was not retried: check before sending it again.
 */
export class OmiTimeoutError extends OmiError {
  override name = 'OmiTimeoutError';
  readonly requestSent = true;
}

/**
 * The connection failed. `requestSent` is false when it failed before the request could leave
 * (refused, DNS), true when it dropped after: then a write may or may not have happened.
 */
export class OmiConnectionError extends OmiError {
  override name = 'OmiConnectionError';
  readonly requestSent: boolean;
  constructor(init: OmiErrorInit & { requestSent: boolean }) {
    super(init);
    this.requestSent = init.requestSent;
  }
}

/** A problem at one path of a value. */
export interface OmiIssue {
  path: string;
  message: string;
}

/** Omi answered 2xx with a body that does not match the schema; `issues` name the paths. */
export class OmiResponseValidationError extends OmiError {
  override name = 'OmiResponseValidationError';
  readonly issues: OmiIssue[];
  constructor(init: OmiErrorInit & { issues: OmiIssue[] }) {
    super(init);
    this.issues = init.issues;
  }
}

/** The call's parameters break Omi's rules (checked before sending, so nothing was spent). */
export class OmiRequestValidationError extends OmiError {
  override name = 'OmiRequestValidationError';
  readonly issues: OmiIssue[];
  constructor(init: OmiErrorInit & { issues: OmiIssue[] }) {
    super(init);
    this.issues = init.issues;
  }
}

/** The client was configured wrongly (key format, base URL); thrown at construction. */
export class OmiConfigError extends OmiError {
  override name = 'OmiConfigError';
}

/** One chunk of a `createMany`: its index and the items it held, `[start, end)`. */
export interface BatchChunk {
  chunk: number;
  start: number;
  end: number;
}

/**
 * Some chunks of a `createMany` failed. Chunks in `completed` were created (their items are in
 * `created`); chunks in `failed` say why; chunks in `skipped` were never sent.
 */
export class OmiBatchError<T = unknown> extends OmiError {
  override name = 'OmiBatchError';
  readonly completed: BatchChunk[];
  readonly failed: (BatchChunk & { error: OmiError | Error })[];
  readonly skipped: BatchChunk[];
  readonly created: T[];
  constructor(
    init: OmiErrorInit & {
      completed: BatchChunk[];
      failed: (BatchChunk & { error: OmiError | Error })[];
      skipped: BatchChunk[];
      created: T[];
    },
  ) {
    super(init);
    this.completed = init.completed;
    this.failed = init.failed;
    this.skipped = init.skipped;
    this.created = init.created;
  }
}
