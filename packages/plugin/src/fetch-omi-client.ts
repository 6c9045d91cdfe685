import { OmiApiError } from './errors/omi-api-error.js';
import { OmiAppSecretMissingError } from './errors/omi-app-secret-missing-error.js';
import type { CreateAppClient, OmiUserClient } from './omi-user-client.js';

export interface FetchOmiClientOptions {
  appId: string;
  /** The app's `sk_` key; when missing, every call throws {@link OmiAppSecretMissingError}. */
  apiKey: string | undefined;
  baseUrl: string;
  fetch?: typeof fetch;
  /** Per call, default 15 s. */
  timeoutMs?: number;
}

/**
 * A minimal Integration API client (one fetch per call, no retries: none of these writes is safe
 * to repeat). It stands in until `@omi-kit/api-client` is passed as `createAppClient`.
 */
export function createFetchOmiClient(options: FetchOmiClientOptions): CreateAppClient {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  const appPath = `/v2/integrations/${encodeURIComponent(options.appId)}`;
  const timeoutMs = options.timeoutMs ?? 15_000;

  return (uid) => {
    async function call(
      operation: string,
      method: 'GET' | 'POST',
      path: string,
      query: Record<string, unknown> = {},
      body?: unknown,
    ): Promise<unknown> {
      if (!options.apiKey) throw new OmiAppSecretMissingError(`omi.${operation}`);
      const url = new URL(base + appPath + path);
      url.searchParams.set('uid', uid);
      for (const [name, value] of Object.entries(query)) {
        if (value === undefined || value === null) continue;
        for (const item of Array.isArray(value) ? value : [value])
          url.searchParams.append(name, String(item));
      }
      const headers: Record<string, string> = { authorization: `Bearer ${options.apiKey}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await doFetch(url, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (!response.ok) throw new OmiApiError(operation, response.status, detailOf(text));
      return text === '' ? {} : JSON.parse(text);
    }

    const client: OmiUserClient = {
      uid,
      createConversation: (conversation) =>
        call('createConversation', 'POST', '/user/conversations', {}, conversation),
      createMemories: (memories) => call('createMemories', 'POST', '/user/memories', {}, memories),
      listConversations: (query) => call('listConversations', 'GET', '/conversations', query),
      searchConversations: (search) =>
        call(
          'searchConversations',
          'POST',
          '/search/conversations',
          {},
          typeof search === 'string' ? { query: search } : search,
        ),
      listMemories: (query) => call('listMemories', 'GET', '/memories', query),
      listTasks: (query) => call('listTasks', 'GET', '/tasks', query),
      notify: (message) => call('notify', 'POST', '/notification', { message }),
    };
    return client;
  };
}

// Omi's errors are FastAPI's {"detail": ...}; show that, never the request (it carries the key).
function detailOf(text: string): string {
  try {
    const body = JSON.parse(text) as { detail?: unknown };
    if (body && typeof body === 'object' && 'detail' in body) {
      return typeof body.detail === 'string' ? body.detail : JSON.stringify(body.detail);
    }
  } catch {}
  return text.slice(0, 200) || '(empty body)';
}
