import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy does with one request. */
export type Fault =
  /** Forward to the target and relay its answer. */
  | { kind: 'pass' }
  /** Answer this without forwarding (the target never sees the request). */
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Wait, then forward (a slow answer); the target acts even if the client gave up. */
  | { kind: 'delay'; ms: number }
  /** Close the connection without forwarding: the request was sent but not processed. */
  | { kind: 'drop-before' }
  /** Forward, let the target process it, then close the connection instead of answering. */
  | { kind: 'drop-after' };

export interface SeenRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
  fault: Fault['kind'];
}

export interface FaultProxy {
  url: string;
  /** Every request the proxy received, in order. */
  seen: SeenRequest[];
  /** Replace the plan: called with each request and its index among requests to the same path. */
  plan(fn: (req: { method: string; path: string; n: number }) => Fault): void;
  close(): Promise<void>;
}

/**
 * A proxy in front of the emulator that injects faults: 429 storms, 503s, slow answers and
 * connections dropped before or after the target acted. It makes the retry rules observable:
 * whether a request reached the emulator is visible in the emulator's data.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  const seen: SeenRequest[] = [];
  const counts = new Map<string, number>();
  let planFn: (req: { method: string; path: string; n: number }) => Fault = () => ({ kind: 'pass' });
  const sockets = new Set<Socket>();

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse | null, destroy?: () => void) =>
    new Promise<void>((resolve) => {
      const upstream = httpRequest(
        {
          host: targetUrl.hostname,
          port: targetUrl.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: targetUrl.host },
        },
        (up) => {
          const chunks: Buffer[] = [];
          up.on('data', (c: Buffer) => chunks.push(c));
          up.on('end', () => {
            if (res && !res.destroyed) {
              res.writeHead(up.statusCode ?? 502, up.headers);
              res.end(Buffer.concat(chunks));
            } else destroy?.();
            resolve();
          });
        },
      );
      upstream.on('error', () => {
        if (res && !res.destroyed) res.writeHead(502).end();
        resolve();
      });
      upstream.end(body);
    });

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const path = (req.url ?? '/').split('?')[0]!;
      const counter = `${req.method} ${path}`;
      const n = counts.get(counter) ?? 0;
      counts.set(counter, n + 1);
      const fault = planFn({ method: req.method ?? 'GET', path, n });
      seen.push({
        method: req.method ?? 'GET',
        path,
        authorization: req.headers.authorization,
        body: body.toString('utf8'),
        fault: fault.kind,
      });
      switch (fault.kind) {
        case 'status':
          res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
          res.end(JSON.stringify(fault.body ?? { detail: 'Injected fault' }));
          return;
        case 'delay':
          await new Promise((r) => setTimeout(r, fault.ms));
          await forward(req, body, res);
          return;
        case 'drop-before':
          req.socket.destroy();
          return;
        case 'drop-after':
          await forward(req, body, null, () => req.socket.destroy());
          return;
        default:
          await forward(req, body, res);
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    plan(fn) {
      planFn = fn;
      counts.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
