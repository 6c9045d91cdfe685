// 1. Latency of one MCP tool call (get_memories, limit 20) over Streamable HTTP, next to the same
//    api-client call (memories.list) made directly against the same emulator, alternating rounds
//    in one run. Target: MCP median <= 1.5 x direct median + 2 ms.
// 2. Cold start of the stdio server: spawn omi-mcp -> initialize -> tools/list answered (reported).
// Servers run pinned to core 0, this process (the load) to core 1.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createOmiClient } from '@omi-kit/api-client';
import { benchArgs, firstJsonLine, median, pinSelf, report, spawnPinned } from '../harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', '..', 'packages', 'mcp-tools', 'dist', 'cli.js');
const { json, quick } = benchArgs();
const ROUNDS = quick ? 3 : 7;
const CALLS = quick ? 60 : 200;
const WARMUP = 50;
const COLD_STARTS = quick ? 3 : 9;
pinSelf(1);

const emulatorProc = spawnPinned(0, ['server.mjs', 'emulator'], { cwd: here });
const emulator = await firstJsonLine(emulatorProc);
const mcpProc = spawnPinned(0, ['server.mjs', 'mcp', emulator.url], { cwd: here });
const mcpServer = await firstJsonLine(mcpProc);

const direct = createOmiClient({ apiKey: emulator.key, baseUrl: emulator.url, rateLimits: false });
// A fresh client per round: the v1 SDK client's transport adds an abort listener to one shared
// signal per request, freed only by GC, and Node warns past 1500 of them.
let mcp;
async function connectMcp() {
  await mcp?.close();
  mcp = new Client({ name: 'bench', version: '1.0.0' });
  await mcp.connect(
    new StreamableHTTPClientTransport(new URL(mcpServer.url), {
      requestInit: { headers: { authorization: `Bearer ${emulator.key}` } },
    }),
  );
  await mcp.listTools();
}
await connectMcp();

const calls = {
  direct: async () => {
    const memories = await direct.memories.list({ limit: 20, offset: 0 });
    if (memories.length !== 12 && memories.length !== 20)
      throw new Error(`direct: ${memories.length} memories`);
  },
  mcp: async () => {
    const result = await mcp.callTool({ name: 'get_memories', arguments: { limit: 20 } });
    if (result.isError) throw new Error(`mcp: ${JSON.stringify(result.structuredContent)}`);
  },
};

/** One round: `CALLS` pairs, the order flipping every pair, so both see the same load on a busy machine. */
async function round() {
  const samples = { direct: [], mcp: [] };
  for (let i = 0; i < CALLS; i++) {
    for (const name of i % 2 ? ['mcp', 'direct'] : ['direct', 'mcp']) {
      const started = performance.now();
      await calls[name]();
      samples[name].push(performance.now() - started);
    }
  }
  return { direct: median(samples.direct), mcp: median(samples.mcp) };
}

for (let i = 0; i < WARMUP; i++) {
  await calls.direct();
  await calls.mcp();
}
const perRound = { direct: [], mcp: [] };
for (let r = 0; r < ROUNDS; r++) {
  await connectMcp();
  const m = await round();
  perRound.direct.push(m.direct);
  perRound.mcp.push(m.mcp);
}
await mcp.close();
mcpProc.kill();

// Cold start: a fresh process each time; the server reads the key's scopes before it lists tools.
const coldStarts = [];
for (let i = 0; i < COLD_STARTS; i++) {
  const started = performance.now();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli],
    env: {
      PATH: process.env.PATH ?? '',
      OMI_API_KEY: emulator.key,
      OMI_API_BASE_URL: emulator.url,
      LOG_LEVEL: 'warn',
    },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench-cold', version: '1.0.0' });
  await client.connect(transport);
  const { tools } = await client.listTools();
  coldStarts.push(performance.now() - started);
  if (tools.length !== 17) throw new Error(`cold start listed ${tools.length} tools`);
  await client.close();
}
emulatorProc.kill();

const directMs = median(perRound.direct);
const mcpMs = median(perRound.mcp);
const coldMs = median(coldStarts);
const budgetMs = 1.5 * directMs + 2;
const figures = {
  direct_call_median_ms: round3(directMs),
  mcp_http_call_median_ms: round3(mcpMs),
  mcp_overhead_ms: round3(mcpMs - directMs),
  mcp_budget_ms: round3(budgetMs),
  stdio_cold_start_median_ms: round3(coldMs),
  rounds: ROUNDS,
  calls_per_round: CALLS,
  cold_starts: COLD_STARTS,
};
// The cold start is reported, not judged: most of it is Node's own start-up on the machine.
const ratios = { mcp_vs_direct: mcpMs / directMs, mcp_vs_budget: mcpMs / budgetMs };
const targets = { mcp_vs_budget: '<= 1 (mcp <= 1.5 x direct + 2 ms)' };
const met = mcpMs <= budgetMs;
const rows = [
  { what: 'api-client memories.list(limit 20), direct', median_ms: round3(directMs) },
  { what: 'MCP tools/call get_memories(limit 20), Streamable HTTP', median_ms: round3(mcpMs) },
  { what: 'omi-mcp stdio cold start (spawn -> tools/list)', median_ms: round3(coldMs) },
];
report({ name: 'mcp', figures, ratios, targets, met, rows }, { json });
process.exit(0);

function round3(x) {
  return Math.round(x * 1000) / 1000;
}
