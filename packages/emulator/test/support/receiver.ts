import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** A request as the plugin side saw it. */
export interface Received {
  method: string;
  /** Path and query exactly as they arrived on the request line. */
  url: string;
  /** The decoded `uid` query parameter. */
  uid: string | undefined;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** The exact bytes received. */
  body: Buffer;
  /** When it arrived (ms, monotonic). */
  at: number;
}

export interface Answer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Hold the answer this long (for timeouts). */
  delayMs?: number;
}

/** Decides the answer to the n-th request (0-based). Default: 200 `{}`. */
export type Responder = (request: Received, n: number) => Answer;

/** A small plugin-side Fastify server on 127.0.0.1, port 0, that records every request raw. */
export class Receiver {
  readonly requests: Received[] = [];
  respond: Responder = () => ({ status: 200, body: {} });
  url = '';
  private app: FastifyInstance | undefined;

  async start(): Promise<this> {
    const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 16 * 1024 * 1024 });
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.all('/*', async (request, reply) => {
      const received: Received = {
        method: request.method,
        url: request.raw.url ?? '',
        uid: (request.query as Record<string, string>).uid,
        query: request.query as Record<string, string>,
        headers: request.headers,
        body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        at: performance.now(),
      };
      const n = this.requests.length;
      this.requests.push(received);
      const answer = this.respond(received, n);
      if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
      reply.code(answer.status ?? 200).headers(answer.headers ?? {});
      if (typeof answer.body === 'string') return reply.type('text/plain').send(answer.body);
      return reply.send(answer.body ?? {});
    });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    this.app = app;
    this.url = address;
    return this;
  }

  /** Forget what was received and answer 200 `{}` again. */
  clear(): void {
    this.requests.length = 0;
    this.respond = () => ({ status: 200, body: {} });
  }

  /** Resolves once `count` requests have arrived. */
  async waitFor(count: number, timeoutMs = 5_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`expected ${count} requests, got ${this.requests.length} within ${timeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.requests;
  }

  async stop(): Promise<void> {
    await this.app?.close();
  }
}

/** One receiver for the enclosing describe (or file), cleared after each test. */
export function useReceiver(): Receiver {
  const receiver = new Receiver();
  beforeAll(async () => {
    await receiver.start();
  });
  afterEach(() => receiver.clear());
  afterAll(async () => {
    await receiver.stop();
  });
  return receiver;
}
