import { createOmiClient } from '@omi-kit/api-client';
import { startCannedServer, startEmulatorProcess } from './local-servers.js';
const server = process.env.CANNED ? await startCannedServer() : await startEmulatorProcess();
const client = createOmiClient({ apiKey: server.apiKey, baseUrl: server.baseUrl, rateLimits: { boost: 1e6 } });
const url = `${server.baseUrl}/v1/dev/user/memories?limit=25&offset=0`;
const headers = { authorization: `Bearer ${server.apiKey}`, accept: 'application/json' };
const viaClient = () => client.memories.list({ limit: 25, offset: 0 });
const viaFetch = async () => { const r = await fetch(url, { headers }); return r.json(); };
async function per(total: number, call: () => Promise<unknown>) {
  let next = 0; const start = performance.now();
  await Promise.all(Array.from({ length: 16 }, async () => { while (next++ < total) await call(); }));
  return ((performance.now() - start) * 1000) / total;
}
const mode = process.argv[2];
const call0 = mode === 'fetch' ? viaFetch : viaClient; for (let i = 0; i < 3; i++) await per(2000, call0);
const call = mode === 'fetch' ? viaFetch : viaClient;
console.log(mode, (await per(20000, call)).toFixed(1), 'µs');
server.stop();
process.exit(0);
