// Sustained requests per second and p99 of POST /webhooks/conversation on a plugin server with
// signature checks, schema validation, dedupe and durable SQLite enqueue all on, next to a bare
// Fastify route that parses the JSON and returns {}, in rounds that take turns in one run (medians).
// Each request carries a distinct ~20 KB conversation, signed, so dedupe never short-circuits.
// Between those, the p99 of both at a fixed rate of half the plugin's maximum; then the plugin's
// memory with 10,000 queued jobs. Targets: >= 0.5 of bare throughput, sustained (CPU per request
// including the background work a round leaves, see below); p99 < 10 ms at half the maximum load.
// The SQLite file goes to the system's temporary directory; BENCH_DB_DIR=/dev/shm puts it in memory,
// which separates the software's cost from the disk's (fsyncs at WAL checkpoints). BENCH_WORKER=1
// also runs the plugin's worker (a no-op handler) during the rounds, as a deployed plugin does.
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from '@omi-kit/webhook-types';
import { conversationFixture } from '@omi-kit/webhook-types/fixtures';
import {
  benchArgs,
  cpuTicks,
  firstJsonLine,
  median,
  pinSelf,
  report,
  spawnPinned,
  waitIdle,
} from '../harness.mjs';
import { requestChunks, runLoad } from './load.mjs';

const { json, quick } = benchArgs();
const ROUNDS = quick ? 2 : 5;
const DURATION = quick ? 2 : 5;
const CONNECTIONS = 16;
const QUEUED_JOBS = 10_000;
// Linux counts process CPU time in clock ticks of 1/100 s (USER_HZ).
const CLOCK_TICKS = 100;
// BENCH_VERBOSE=1 prints every round on stderr.
const verbose = Boolean(process.env.BENCH_VERBOSE);
const SECRET = 'whsec_bench_0123456789abcdefghijklmnopqrstuvwxyzABCDEF';
pinSelf(1);

const dir = mkdtempSync(join(process.env.BENCH_DB_DIR ?? tmpdir(), 'omi-bench-webhooks-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

// A realistic conversation: 40 segments, structured data and a photo, about 20 KB compact.
const template = JSON.stringify(conversationFixture({ seed: 1, targetBytes: 20_000 }));
const templateId = JSON.parse(template).id;
// Only the conversation's own "id" changes (action items keep referring to the template's id).
const marker = `"id":"${templateId}"`;
const at = template.indexOf(marker);
if (at === -1) throw new Error('the fixture has no conversation id');
const head = template.slice(0, at + 6);
const tail = template.slice(at + marker.length - 1);
let sequence = 0;
const uid = 'bench-user';
const headBytes = Buffer.from(head);
const tailBytes = Buffer.from(tail);
const key = Buffer.from(SECRET);
// The load generator must outrun the bare server, so it signs with createHmac over the three
// parts and sends them as they are (no 20 KB string or buffer per request: see load.mjs); sign() of
// @omi-kit/webhook-types checks one delivery first to prove the two agree.
function nextDelivery() {
  const id = Buffer.from(`bench-${process.pid}-${(sequence++).toString(36).padStart(8, '0')}`);
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', key)
    .update(`${t}.${uid}.`)
    .update(headBytes)
    .update(id)
    .update(tailBytes)
    .digest('hex');
  return {
    body: [headBytes, id, tailBytes],
    headers: {
      'content-type': 'application/json',
      'x-omi-signature': `t=${t},v1=${v1}`,
      'x-omi-event': 'memory_created',
    },
  };
}
{
  const probe = nextDelivery();
  const t = Number(/t=(\d+)/.exec(probe.headers['x-omi-signature'])[1]);
  if (
    sign({ secret: SECRET, uid, body: Buffer.concat(probe.body), timestamp: t }) !==
    probe.headers['x-omi-signature']
  ) {
    throw new Error('the load generator signs differently from @omi-kit/webhook-types');
  }
}
const sampleBytes = Buffer.concat(nextDelivery().body).length;

async function start(mode, db, only = '') {
  const child = spawnPinned(0, ['--expose-gc', 'server.mjs', mode, db ?? '', SECRET, only]);
  const { url } = await firstJsonLine(child);
  return { child, url };
}

const serverPids = [];

async function load(url, options = {}) {
  // The SQLite writes of a plugin round leave checkpoint work behind; it is done before the next
  // round starts (the plugin's own rounds still pay for the checkpoints they fall behind on).
  await waitIdle(serverPids);
  const result = await runLoad({
    url,
    path: `/webhooks/conversation?uid=${uid}`,
    next: nextDelivery,
    connections: CONNECTIONS,
    durationSec: DURATION,
    ...options,
  });
  if (result.non2xx > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers`);
  return result;
}

const plugin = await start('plugin', join(dir, 'bench.db'));
const bare = await start('bare');
serverPids.push(plugin.child.pid, bare.child.pid);
const targets = { plugin, bare };

// Warm-up, not counted: as long as a round, so the JIT has settled and the plugin's WAL file has
// grown to the size a round needs before the calibration and the measured rounds.
for (const target of Object.values(targets)) await load(target.url);

// The deliveries of a fixed-rate round are signed and turned into request bytes beforehand, so the
// load generator's own work (an HMAC over 20 KB each) cannot delay a scheduled request and count as
// latency.
const presigned = (count, url) => {
  const host = new URL(url).host;
  const path = `/webhooks/conversation?uid=${uid}`;
  const pool = Array.from({ length: count }, () => ({
    chunks: requestChunks(host, path, nextDelivery()),
  }));
  let at = 0;
  return () => pool[at++] ?? nextDelivery();
};

// Each max-load round also records the server's CPU time per request, counted from the round's
// start until the process is idle again: that includes the WAL checkpoints a plugin round leaves
// behind, which run after the round's last request. One core divided by it is the rate the server
// could keep up for good; the round's own requests per second can be higher for a burst.
const max = { plugin: { rps: [], p99: [], cpuUs: [] }, bare: { rps: [], p99: [], cpuUs: [] } };
async function maxRound(name, round) {
  await waitIdle(serverPids);
  const ticksBefore = cpuTicks(targets[name].child.pid);
  const result = await load(targets[name].url);
  await waitIdle(serverPids);
  const cpuUs = ((cpuTicks(targets[name].child.pid) - ticksBefore) * 1e6) / CLOCK_TICKS / result.requests;
  max[name].rps.push(result.rps);
  max[name].p99.push(result.p99);
  max[name].cpuUs.push(cpuUs);
  if (verbose)
    console.error(
      `max load, round ${round}: ${name} ${Math.round(result.rps)} rps, p99 ${result.p99.toFixed(2)} ms, ` +
        `${cpuUs.toFixed(0)} µs of CPU per request with its background work`,
    );
}

// Fixed rate: half the plugin's maximum, sent to both. The maximum is taken before the measured
// rounds, from the better of two calibration rounds (not counted), so that the rate errs high rather
// than low; the figures report it as a fraction of the measured rounds' median maximum.
const half = { plugin: [], bare: [] };
let calibration = 0;
for (let i = 0; i < 2; i++) {
  await waitIdle(serverPids);
  calibration = Math.max(calibration, (await load(targets.plugin.url)).rps);
}
const rate = Math.floor(calibration / 2);
async function halfRound(name, round) {
  const next = presigned(Math.ceil(rate * DURATION * 1.05) + 100, targets[name].url);
  const result = await load(targets[name].url, { rate, next });
  half[name].push(result.p99);
  if (verbose)
    console.error(
      `${rate} rps, round ${round}: ${name} p99 ${result.p99.toFixed(2)} ms, max ${result.max.toFixed(1)} ms`,
    );
}

// Max-load and half-load rounds take turns, and so do the two servers, so that whatever drifts
// with time spreads over all four measures instead of landing on one: the machine's slow spells,
// and V8's memory reducer, which about 100 s after a process's last full collection shrinks its
// heap (both servers, once, in mid-run): the collections and the first touches of the regrown
// heap that follow slow a server down for some seconds.
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 ? ['bare', 'plugin'] : ['plugin', 'bare'];
  for (const name of order) await maxRound(name, round);
  for (const name of order) await halfRound(name, round);
}
const pluginRps = median(max.plugin.rps);
const bareRps = median(max.bare.rps);
const pluginCpuUs = median(max.plugin.cpuUs);
const bareCpuUs = median(max.bare.cpuUs);
plugin.child.kill();
bare.child.kill();

// Memory with 10,000 queued jobs, in a fresh plugin process.
const fresh = await start('plugin', join(dir, 'memory.db'), 'receive-only');
const before = await (await fetch(`${fresh.url}/_bench/memory`)).json();
await load(fresh.url, { durationSec: undefined, amount: QUEUED_JOBS });
const after = await (await fetch(`${fresh.url}/_bench/memory`)).json();
fresh.child.kill();
if (after.queue.waiting !== QUEUED_JOBS)
  throw new Error(`expected ${QUEUED_JOBS} queued jobs, found ${after.queue.waiting}`);

const MB = 1024 * 1024;
const figures = {
  body_bytes: sampleBytes,
  plugin_rps: Math.round(pluginRps),
  bare_rps: Math.round(bareRps),
  plugin_cpu_us_per_request: Math.round(pluginCpuUs),
  bare_cpu_us_per_request: Math.round(bareCpuUs),
  plugin_sustainable_rps_one_core: Math.round(1e6 / pluginCpuUs),
  bare_sustainable_rps_one_core: Math.round(1e6 / bareCpuUs),
  plugin_p99_ms_at_max: median(max.plugin.p99),
  bare_p99_ms_at_max: median(max.bare.p99),
  half_load_rate_rps: rate,
  half_load_fraction_of_max: +(rate / pluginRps).toFixed(3),
  plugin_p99_ms_at_half_load: median(half.plugin),
  bare_p99_ms_at_half_load: median(half.bare),
  queued_jobs: after.queue.waiting,
  rss_mb_empty: +(before.rss / MB).toFixed(1),
  rss_mb_with_10k_jobs: +(after.rss / MB).toFixed(1),
  heap_used_mb_empty: +(before.heapUsed / MB).toFixed(1),
  heap_used_mb_with_10k_jobs: +(after.heapUsed / MB).toFixed(1),
};
// Without /proc (not Linux) CPU time is unknown: the rounds' own rates stand in.
const sustained = Number.isFinite(bareCpuUs / pluginCpuUs) ? bareCpuUs / pluginCpuUs : pluginRps / bareRps;
const ratios = {
  sustained_vs_bare: sustained,
  rps_vs_bare_5s_rounds: pluginRps / bareRps,
  p99_ms_at_half_load: figures.plugin_p99_ms_at_half_load,
};
const goals = { sustained_vs_bare: '>= 0.5', p99_ms_at_half_load: '< 10' };
const met = ratios.sustained_vs_bare >= 0.5 && ratios.p99_ms_at_half_load < 10;
const rows = [
  {
    route: 'plugin POST /webhooks/conversation',
    rps: figures.plugin_rps,
    cpu_us_per_req: figures.plugin_cpu_us_per_request,
    p99_ms_at_max: figures.plugin_p99_ms_at_max,
    [`p99_ms_at_${rate}_rps`]: figures.plugin_p99_ms_at_half_load,
  },
  {
    route: 'bare Fastify, JSON.parse + {}',
    rps: figures.bare_rps,
    cpu_us_per_req: figures.bare_cpu_us_per_request,
    p99_ms_at_max: figures.bare_p99_ms_at_max,
    [`p99_ms_at_${rate}_rps`]: figures.bare_p99_ms_at_half_load,
  },
];
console.log(
  `  memory with ${QUEUED_JOBS} queued jobs: RSS ${figures.rss_mb_empty} → ${figures.rss_mb_with_10k_jobs} MB, ` +
    `heap used ${figures.heap_used_mb_empty} → ${figures.heap_used_mb_with_10k_jobs} MB (jobs live in SQLite, not the heap)`,
);
report({ name: 'webhooks', figures, ratios, targets: goals, met, rows }, { json });
process.exit(0);
