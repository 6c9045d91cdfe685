import { afterAll, beforeAll } from 'vitest';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../src/index.js';

/** Every Developer API scope. */
export const ALL_SCOPES = [
  'conversations:read',
  'conversations:write',
  'memories:read',
  'memories:write',
  'action_items:read',
  'action_items:write',
  'goals:read',
  'goals:write',
] as const;

/** Omi's read-only default for a key with `scopes: null`. */
export const READ_ONLY_DEFAULT = ['conversations:read', 'memories:read', 'action_items:read', 'goals:read'];

// biome-ignore lint/suspicious/noExplicitAny: replies are untyped JSON; each test asserts the shape it needs.
export type Json = any;

export interface Reply<T = Json> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null when the body is empty or not JSON. */
  body: T;
  text: string;
}

export interface CallOptions {
  /** An `omi_dev_` key (or any token) sent as `Authorization: Bearer <key>`. */
  key?: string;
  /** A raw Authorization header value (wins over `key`). */
  authorization?: string;
  /** JSON-encoded as the body. */
  json?: unknown;
  /** A raw body string, sent as-is with `content-type: application/json`. */
  raw?: string;
  query?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
}

/** A real emulator listening on 127.0.0.1, port 0, reached with fetch. */
export class Harness {
  emulator!: Emulator;
  baseUrl!: string;

  constructor(private readonly options: EmulatorOptions = {}) {}

  async start(): Promise<this> {
    this.emulator = createEmulator({ db: ':memory:', ...this.options });
    this.baseUrl = await this.emulator.listen({ port: 0, host: '127.0.0.1' });
    return this;
  }

  async stop(): Promise<void> {
    await this.emulator?.close();
  }

  async call<T = Json>(method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
    const url = new URL(path, this.baseUrl);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { ...options.headers };
    const authorization = options.authorization ?? (options.key ? `Bearer ${options.key}` : undefined);
    if (authorization !== undefined) headers.authorization = authorization;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.json !== undefined) body = JSON.stringify(options.json);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get = <T = Json>(path: string, o?: CallOptions) => this.call<T>('GET', path, o);
  post = <T = Json>(path: string, o?: CallOptions) => this.call<T>('POST', path, o);
  patch = <T = Json>(path: string, o?: CallOptions) => this.call<T>('PATCH', path, o);
  put = <T = Json>(path: string, o?: CallOptions) => this.call<T>('PUT', path, o);
  delete = <T = Json>(path: string, o?: CallOptions) => this.call<T>('DELETE', path, o);

  /** Mints a key through the admin API (every scope unless told otherwise; `null` is read-only). */
  async key(scopes: readonly string[] | null = ALL_SCOPES, uid?: string): Promise<string> {
    const r = await this.post('/_emulator/keys', { json: { scopes, ...(uid ? { uid } : {}) } });
    if (r.status !== 200) throw new Error(`minting a key failed: ${r.status} ${r.text}`);
    return r.body.key as string;
  }

  /** Mints an emulated Firebase ID token through the admin API. */
  async idToken(uid?: string): Promise<string> {
    const r = await this.post('/_emulator/id-tokens', { json: uid ? { uid } : {} });
    if (r.status !== 200) throw new Error(`minting an ID token failed: ${r.status} ${r.text}`);
    return r.body.token as string;
  }

  async switches(values: Record<string, boolean>): Promise<void> {
    const r = await this.put('/_emulator/switches', { json: values });
    if (r.status !== 200) throw new Error(`setting switches failed: ${r.status} ${r.text}`);
  }

  async lock(resource: 'memory' | 'action_item' | 'conversation', id: string, locked = true): Promise<void> {
    const r = await this.post('/_emulator/locks', { json: { resource, id, locked } });
    if (r.status !== 200) throw new Error(`locking failed: ${r.status} ${r.text}`);
  }
}

/** One emulator for the enclosing describe (or file): started before, closed after. */
export function useEmulator(options: EmulatorOptions = {}): Harness {
  const harness = new Harness(options);
  beforeAll(async () => {
    await harness.start();
  });
  afterAll(async () => {
    await harness.stop();
  });
  return harness;
}

/** The FastAPI 422 list shape: `{detail: [{type, loc, msg, input}, ...]}`. */
export function expectValidationList(body: unknown): { type: string; loc: unknown[]; msg: string }[] {
  const detail = (body as { detail?: unknown })?.detail;
  if (!Array.isArray(detail) || detail.length === 0) {
    throw new Error(`expected a FastAPI validation list, got ${JSON.stringify(body)}`);
  }
  for (const item of detail) {
    if (typeof item.type !== 'string' || !Array.isArray(item.loc) || typeof item.msg !== 'string') {
      throw new Error(`validation item lacks type/loc/msg: ${JSON.stringify(item)}`);
    }
    if (!('input' in item)) throw new Error(`validation item lacks input: ${JSON.stringify(item)}`);
  }
  return detail;
}

/** Pydantic wraps a handler-raised ValueError text in a 422 detail; accept a string or a list. */
export function validationMessages(body: unknown): string[] {
  const detail = (body as { detail?: unknown })?.detail;
  if (typeof detail === 'string') return [detail];
  if (Array.isArray(detail)) return detail.map((d) => String(d.msg));
  return [];
}
