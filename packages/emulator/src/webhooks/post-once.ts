import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';

/** Omi's webhook client: `httpx.Timeout(15.0, connect=2.0)` (reference §2.0). */
export const OMI_TIMEOUTS = { connectMs: 2_000, readMs: 15_000 } as const;

export interface Timeouts {
  /** Time allowed to open the TCP (and TLS) connection. Default 2 s. */
  connectMs?: number;
  /** Longest silence while sending the body or waiting for the answer. Default 15 s. */
  readMs?: number;
}

export type PostErrorCode = 'connect_timeout' | 'timeout' | 'network' | 'aborted';

export interface PostOutcome {
  /** The HTTP status, or null when no answer came. */
  status: number | null;
  headers: http.IncomingHttpHeaders;
  /** The answer's body (at most `MAX_REPLY_BYTES`; the rest is read and dropped). */
  body: Buffer;
  latencyMs: number;
  error: { code: PostErrorCode; message: string } | null;
}

const MAX_REPLY_BYTES = 1024 * 1024;

/**
 * One POST the way Omi's httpx client makes it: redirects are never followed (a 3xx is just an
 * answer), a connect timeout and a read timeout (time between bytes, like httpx's), the exact
 * path and query given (the uid is not re-encoded). Never throws: failures come back as `error`.
 */
export function postOnce(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  options: { timeouts?: Timeouts; signal?: AbortSignal; agent?: http.Agent } = {},
): Promise<PostOutcome> {
  const connectMs = options.timeouts?.connectMs ?? OMI_TIMEOUTS.connectMs;
  const readMs = options.timeouts?.readMs ?? OMI_TIMEOUTS.readMs;
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;

  return new Promise((resolve) => {
    let settled = false;
    let connectTimer: NodeJS.Timeout | undefined;
    const finish = (outcome: Omit<PostOutcome, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ ...outcome, latencyMs: elapsed() });
    };
    const fail = (code: PostErrorCode, message: string) => {
      finish({ status: null, headers: {}, body: Buffer.alloc(0), error: { code, message } });
      request.destroy();
    };
    const onAbort = () => fail('aborted', 'The delivery was cancelled.');

    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return finish({
        status: null,
        headers: {},
        body: Buffer.alloc(0),
        error: { code: 'network', message: `"${url}" is not a valid URL.` },
      });
    }
    const client = target.protocol === 'https:' ? https : http;
    // The WHATWG parser escapes only what cannot appear in a request line (spaces, quotes...), so
    // the query keeps the uid as Omi concatenated it.
    const request = client.request({
      method: 'POST',
      protocol: target.protocol,
      hostname: target.hostname.replace(/^\[|\]$/g, ''),
      port: target.port || undefined,
      path: `${target.pathname}${target.search}`,
      headers: { ...headers, 'Content-Length': String(body.length) },
      ...(options.agent ? { agent: options.agent } : {}),
    });

    connectTimer = setTimeout(
      () => fail('connect_timeout', `Could not connect to ${target.host} within ${connectMs} ms.`),
      connectMs,
    );
    request.on('socket', (socket) => {
      if (!socket.connecting) return clearTimeout(connectTimer);
      socket.once(target.protocol === 'https:' ? 'secureConnect' : 'connect', () =>
        clearTimeout(connectTimer),
      );
    });
    request.setTimeout(readMs, () =>
      fail('timeout', `No answer within ${readMs / 1000} s (Omi gives up after 15 s).`),
    );
    request.on('error', (error) => fail('network', describeNetworkError(error, target)));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < MAX_REPLY_BYTES) chunks.push(chunk.subarray(0, MAX_REPLY_BYTES - size));
        size += chunk.length;
      });
      response.on('end', () =>
        finish({
          status: response.statusCode ?? null,
          headers: response.headers,
          body: Buffer.concat(chunks),
          error: null,
        }),
      );
      response.on('error', (error) => fail('network', describeNetworkError(error, target)));
    });
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    request.end(body);
  });
}

function describeNetworkError(error: Error, target: URL): string {
  const code = (error as { code?: string }).code;
  if (code === 'ECONNREFUSED') return `Connection refused by ${target.host}: is the plugin running there?`;
  if (code === 'ENOTFOUND') return `Host ${target.hostname} not found.`;
  if (code === 'ECONNRESET') return `${target.host} closed the connection before answering.`;
  return `${code ? `${code}: ` : ''}${error.message}`;
}
