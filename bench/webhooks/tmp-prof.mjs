// temporary profiling driver: starts server.mjs plugin pinned on core 0, loads it ROUNDS x 5 s, prints CPU µs/req
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conversationFixture } from '@omi-kit/webhook-types/fixtures';
import { cpuTicks, firstJsonLine, pinSelf, spawnPinned, waitIdle } from '../harness.mjs';
import { runLoad } from './load.mjs';
const SECRET = 'whsec_bench_0123456789abcdefghijklmnopqrstuvwxyzABCDEF';
pinSelf(1);
const dir = mkdtempSync(join(tmpdir(), 'omi-prof-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const template = JSON.stringify(conversationFixture({ seed: 1, targetBytes: 20_000 }));
const templateId = JSON.parse(template).id;
const marker = `"id":"${templateId}"`;
const at = template.indexOf(marker);
const headBytes = Buffer.from(template.slice(0, at + 6));
const tailBytes = Buffer.from(template.slice(at + marker.length - 1));
const key = Buffer.from(SECRET);
let sequence = 0;
const uid = 'bench-user';
function nextDelivery() {
  const id = Buffer.from(`bench-${process.pid}-${(sequence++).toString(36).padStart(8, '0')}`);
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', key).update(`${t}.${uid}.`).update(headBytes).update(id).update(tailBytes).digest('hex');
  return { body: Buffer.concat([headBytes, id, tailBytes]), headers: { 'content-type': 'application/json', 'x-omi-signature': `t=${t},v1=${v1}` } };
}
const mode = process.env.MODE ?? 'plugin';
const extra = (process.env.NODE_EXTRA ?? '').split(' ').filter(Boolean);
const child = spawnPinned(0, [...extra, '--expose-gc', 'server.mjs', mode, join(dir, 'b.db'), SECRET, '']);
const { url } = await firstJsonLine(child);
console.log('pid', child.pid);
const rounds = Number(process.env.ROUNDS ?? 3);
await runLoad({ url, path: `/webhooks/conversation?uid=${uid}`, next: nextDelivery, connections: 16, durationSec: 2 });
if (process.env.SIGNAL_READY) { console.log('READY'); await new Promise((r) => setTimeout(r, 1500)); }
for (let r = 0; r < rounds; r++) {
  await waitIdle([child.pid]);
  const t0 = cpuTicks(child.pid);
  const res = process.env.RATE
    ? await runLoad({ url, path: `/webhooks/conversation?uid=${uid}`, next: nextDelivery, connections: 16, durationSec: 5, rate: Number(process.env.RATE) })
    : await runLoad({ url, path: `/webhooks/conversation?uid=${uid}`, next: nextDelivery, connections: 16, durationSec: 5 });
  await waitIdle([child.pid]);
  console.log(`round ${r}: ${Math.round(res.rps)} rps p99 ${res.p99.toFixed(2)} cpu ${(((cpuTicks(child.pid) - t0) * 1e4) / res.requests).toFixed(0)} µs/req`);
}
child.kill('SIGINT');
await new Promise((r) => setTimeout(r, 1000));
process.exit(0);
