import { simulateExport } from './export-simulation.js';
import { startCannedServer, startEmulatorProcess } from './local-servers.js';
import { measureOverhead, type OverheadFigures } from './overhead.js';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const log = (line = '') => (json ? console.error(line) : console.log(line));

async function overheadAgainst(
  start: typeof startEmulatorProcess,
): Promise<OverheadFigures & { pinned: boolean }> {
  const server = await start();
  try {
    const figures = await measureOverhead(server, {
      samples: quick ? 400 : 2000,
      rounds: quick ? 8 : 24,
      requestsPerRound: quick ? 160 : 320,
    });
    return { ...figures, pinned: server.pinned };
  } finally {
    server.stop();
  }
}

const emulator = await overheadAgainst(startEmulatorProcess);
const canned = await overheadAgainst(startCannedServer);
const demand = { memories: 2500, actionItems: 2500, conversations: 1300, details: 130 };
const paced = await simulateExport(demand, true);
const unpaced = await simulateExport(demand, false);

const ratios = {
  overhead_c1: emulator.c1.ratio,
  overhead_c16: emulator.c16.ratio,
  overhead_canned_c1: canned.c1.ratio,
  overhead_canned_c16: canned.c16.ratio,
  export_throughput_vs_allowed: paced.throughputVsAllowed,
  export_first_hour_share: paced.firstHourShare,
};
const targets = {
  overhead_c1: '<= 1.15',
  overhead_c16: '<= 1.15',
  export_429s: '== 0',
  export_throughput_vs_allowed: '>= 0.95',
};
const met =
  emulator.c1.ratio <= 1.15 &&
  emulator.c16.ratio <= 1.15 &&
  paced.rateLimited === 0 &&
  paced.throughputVsAllowed >= 0.95;

log('api-client benchmarks');
log(`server on core 1, load on core 0: ${emulator.pinned ? 'yes' : 'no (one core, or no taskset)'}`);
log();
log('Per-request cost, GET a page of 25 memories: client vs plain fetch to the same local server');
log('server    | concurrency | plain fetch (us) | client (us) | ratio | target');
for (const f of [emulator, canned]) {
  for (const [c, r] of [
    ['1', f.c1],
    ['16', f.c16],
  ] as const) {
    const target = f === emulator ? '<= 1.15' : '(worst case, no target)';
    log(
      `${f.server.padEnd(9)} | ${c.padStart(11)} | ${r.fetchUs.toFixed(1).padStart(16)} | ${r.clientUs.toFixed(1).padStart(11)} | ${r.ratio.toFixed(3)} | ${target}`,
    );
  }
}
log(
  "  emulator: the project's local Omi (Fastify + SQLite + Omi's checks), the server the README runs against.",
);
log(
  '  canned:   a node:http server answering fixed bytes, so only client-side cost shows (mostly zod validation).',
);
log();
log(
  `Simulated export under Omi's base limits (virtual time): ${demand.memories} memories and ${demand.actionItems} action items at 10 per page, ${demand.conversations} conversations with transcripts, ${demand.details} conversations fetched one by one, all at once`,
);
log(
  'policy                            | limit/h | requests | in first hour | span (h) | fastest possible (h)',
);
for (const [policy, p] of Object.entries(paced.policies)) {
  log(
    `${policy.padEnd(33)} | ${String(p.limit).padStart(7)} | ${String(p.requests).padStart(8)} | ${String(p.firstHour).padStart(13)} | ${p.spanHours.toFixed(4).padStart(8)} | ${p.idealSpanHours}`,
  );
}
log(
  `paced (default):        ${paced.requests} requests, ${paced.rateLimited} answered 429, ${paced.virtualHours} h`,
);
log(
  `baseline, rateLimits: false (429-driven): ${unpaced.requests} requests, ${unpaced.rateLimited} answered 429, ${unpaced.virtualHours} h`,
);
log(
  `throughput vs allowed: ${paced.throughputVsAllowed} (target >= 0.95); share of the first hour's allowance used: ${paced.firstHourShare}`,
);
log(`met: ${met}`);

const figures = {
  pinned: emulator.pinned,
  emulator_c1_fetch_us: emulator.c1.fetchUs,
  emulator_c1_client_us: emulator.c1.clientUs,
  emulator_c16_fetch_us: emulator.c16.fetchUs,
  emulator_c16_client_us: emulator.c16.clientUs,
  canned_c1_fetch_us: canned.c1.fetchUs,
  canned_c1_client_us: canned.c1.clientUs,
  canned_c16_fetch_us: canned.c16.fetchUs,
  canned_c16_client_us: canned.c16.clientUs,
  export_requests: paced.requests,
  export_429s: paced.rateLimited,
  export_virtual_hours: paced.virtualHours,
  export_policies: paced.policies,
  baseline_unpaced_requests: unpaced.requests,
  baseline_unpaced_429s: unpaced.rateLimited,
  baseline_unpaced_virtual_hours: unpaced.virtualHours,
};
if (json) console.log(JSON.stringify({ name: 'api-client', figures, ratios, targets, met }));
process.exitCode = met ? 0 : 1;
