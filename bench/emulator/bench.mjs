// Requests per second of the emulator for GET /v1/dev/user/memories?limit=100 and
// POST /v1/dev/user/memories, next to a bare Fastify route returning the same JSON, alternating
// rounds in one run. Target: the emulator reaches at least 0.5 of bare Fastify on both.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { benchArgs, firstJsonLine, median, pinSelf, report, spawnPinned } from '../harness.mjs';

const { json, quick } = benchArgs();
const ROUNDS = quick ? 2 : 5;
const DURATION = quick ? 2 : 4;
const CONNECTIONS = 16;
pinSelf(1);

const emulatorProc = spawnPinned(0, ['server.mjs', 'emulator']);
const emulator = await firstJsonLine(emulatorProc);
const auth = { authorization: `Bearer ${emulator.key}`, 'content-type': 'application/json' };
const list = await (await fetch(`${emulator.url}/v1/dev/user/memories?limit=100`, { headers: auth })).json();
const created = await (
  await fetch(`${emulator.url}/v1/dev/user/memories`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ content: 'Alex prefers window seats', category: 'system' }),
  })
).json();
if (!Array.isArray(list) || list.length !== 100) throw new Error(`expected 100 memories, got ${list.length}`);
const file = join(mkdtempSync(join(tmpdir(), 'omi-bench-')), 'captured.json');
writeFileSync(file, JSON.stringify({ list, created }));
const bareProc = spawnPinned(0, ['server.mjs', 'bare', file]);
const bare = await firstJsonLine(bareProc);

let counter = 0;
const scenarios = {
  list: { method: 'GET', path: '/v1/dev/user/memories?limit=100' },
  create: {
    method: 'POST',
    path: '/v1/dev/user/memories',
    setupRequest: (req) => ({
      ...req,
      body: JSON.stringify({
        content: `Alex noted fact number ${counter++} during the benchmark`,
        category: 'interesting',
      }),
    }),
  },
};

function load(url, scenario) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: url + scenario.path,
        connections: CONNECTIONS,
        duration: DURATION,
        requests: [
          {
            method: scenario.method,
            path: scenario.path,
            headers: auth,
            ...(scenario.setupRequest ? { setupRequest: scenario.setupRequest } : {}),
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        if (result.non2xx > 0 || result.errors > 0) {
          return reject(
            new Error(`${url}${scenario.path}: ${result.non2xx} non-2xx, ${result.errors} errors`),
          );
        }
        resolve(result);
      },
    );
  });
}

const samples = { list: { emulator: [], bare: [] }, create: { emulator: [], bare: [] } };
const p99 = { list: { emulator: [], bare: [] }, create: { emulator: [], bare: [] } };
for (let round = 0; round < ROUNDS; round++) {
  for (const name of Object.keys(scenarios)) {
    const order = round % 2 ? ['bare', 'emulator'] : ['emulator', 'bare'];
    for (const target of order) {
      const result = await load(target === 'emulator' ? emulator.url : bare.url, scenarios[name]);
      samples[name][target].push(result.requests.average);
      p99[name][target].push(result.latency.p99);
    }
  }
}
emulatorProc.kill();
bareProc.kill();

const figures = {};
const ratios = {};
const rows = [];
for (const name of Object.keys(scenarios)) {
  const e = median(samples[name].emulator);
  const b = median(samples[name].bare);
  figures[`${name}_emulator_rps`] = Math.round(e);
  figures[`${name}_bare_rps`] = Math.round(b);
  figures[`${name}_emulator_p99_ms`] = median(p99[name].emulator);
  ratios[`${name}_rps_vs_bare`] = e / b;
  rows.push({
    scenario: `${scenarios[name].method} ${scenarios[name].path}`,
    emulator_rps: Math.round(e),
    bare_rps: Math.round(b),
    ratio: (e / b).toFixed(3),
  });
}
const targets = { list_rps_vs_bare: '>= 0.5', create_rps_vs_bare: '>= 0.5' };
const met = ratios.list_rps_vs_bare >= 0.5 && ratios.create_rps_vs_bare >= 0.5;
report({ name: 'emulator', figures, ratios, targets, met, rows }, { json });
process.exit(0);
