import { createOmiClient } from '@omi-kit/api-client';
import type { LocalServer } from './local-servers.js';
import { median, round } from './stats.js';

export interface OverheadOptions {
  /** Requests per side at concurrency 1, interleaved one by one. */
  samples: number;
  /** Rounds per side at concurrency 16 (alternating, ABBA). */
  rounds: number;
  requestsPerRound: number;
}

export interface OverheadFigures {
  server: string;
  c1: { fetchUs: number; clientUs: number; ratio: number };
  c16: { fetchUs: number; clientUs: number; ratio: number };
}

type Call = () => Promise<unknown>;

async function latencyUs(call: Call): Promise<number> {
  const start = performance.now();
  await call();
  return (performance.now() - start) * 1000;
}

async function perRequestUs(total: number, concurrency: number, call: Call): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) await call();
    }),
  );
  return ((performance.now() - start) * 1000) / total;
}

/**
 * Cost of one call through the client against plain fetch, both asking the same local server for
 * a page of 25 memories. The client does everything it does in production: request checks, pacing
 * (with a limit too high to bind), the timeout, retry bookkeeping and zod validation of the page.
 * Concurrency 1 interleaves the two request by request and compares median latencies, so a noisy
 * neighbour hits both alike; concurrency 16 alternates short rounds (ABBA) and compares medians.
 */
export async function measureOverhead(server: LocalServer, o: OverheadOptions): Promise<OverheadFigures> {
  const url = `${server.baseUrl}/v1/dev/user/memories?limit=25&offset=0`;
  const headers = { authorization: `Bearer ${server.apiKey}`, accept: 'application/json' };
  const client = createOmiClient({
    apiKey: server.apiKey,
    baseUrl: server.baseUrl,
    rateLimits: { boost: 1e6 },
  });
  const viaClient: Call = () => client.memories.list({ limit: 25, offset: 0 });
  const viaFetch: Call = async () => {
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`status ${response.status}`);
    return response.json();
  };
  for (let i = 0; i < 200; i++) {
    await viaFetch();
    await viaClient();
  }
  const one = { client: [] as number[], fetch: [] as number[] };
  for (let i = 0; i < o.samples; i++) {
    if (i % 2 === 0) {
      one.fetch.push(await latencyUs(viaFetch));
      one.client.push(await latencyUs(viaClient));
    } else {
      one.client.push(await latencyUs(viaClient));
      one.fetch.push(await latencyUs(viaFetch));
    }
  }
  const sixteen = { client: [] as number[], fetch: [] as number[] };
  for (let r = 0; r < o.rounds; r++) {
    const order: ['client' | 'fetch', Call][] =
      r % 4 === 0 || r % 4 === 3
        ? [
            ['fetch', viaFetch],
            ['client', viaClient],
          ]
        : [
            ['client', viaClient],
            ['fetch', viaFetch],
          ];
    for (const [side, call] of order) sixteen[side].push(await perRequestUs(o.requestsPerRound, 16, call));
  }
  const figures = (m: { client: number[]; fetch: number[] }) => {
    const client = median(m.client);
    const plain = median(m.fetch);
    return { fetchUs: round(plain, 1), clientUs: round(client, 1), ratio: round(client / plain) };
  };
  return { server: server.name, c1: figures(one), c16: figures(sixteen) };
}
