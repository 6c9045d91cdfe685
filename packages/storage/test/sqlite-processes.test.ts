import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManualClock, createSqliteStorage } from '@omi-kit/storage';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleStorage } from './processes/bundle-storage.js';
import { exitOf, linesOf, nextLine, startScript } from './processes/child-process.js';

// Real processes on a real file. Clocks are injected where the test needs a given time, so the only
// waiting is for processes to start and finish.

const dir = mkdtempSync(join(tmpdir(), 'omi-storage-processes-'));
let bundle: string;
beforeAll(async () => {
  bundle = await bundleStorage();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (bundle) rmSync(bundle, { force: true });
});

describe('sqlite adapter across processes', () => {
  it('two processes competing for one queue never reserve the same job', async () => {
    const filename = join(dir, 'race.db');
    const seed = createSqliteStorage({ filename });
    const enqueued: string[] = [];
    for (let n = 0; n < 600; n++) enqueued.push((await seed.jobs.enqueue('race', { n })).id);
    await seed.close();

    const children = [0, 1].map(() => startScript('reserve-until-empty.mjs', [bundle, filename, 'race']));
    const outputs = children.map(linesOf);
    for (const lines of outputs) expect(await nextLine(lines)).toBe('ready');
    for (const child of children) child.stdin?.end('go\n');
    const [a, b] = (await Promise.all(outputs.map(nextLine))).map((line) => JSON.parse(line) as string[]);
    const exits = await Promise.all(children.map(exitOf));
    expect(exits).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);

    if (!a || !b) throw new Error('expected output from both processes');
    // Both really took part, no id twice, none lost.
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect([...a, ...b].sort()).toEqual([...enqueued].sort());
  });

  it('a worker killed mid-job: the job runs again after its visibility timeout, once', async () => {
    const filename = join(dir, 'crash.db');
    const effects = join(dir, 'effects.log');
    const t0 = Date.UTC(2025, 0, 1);

    // 1. A process enqueues a delivery, its worker starts the job, and the process is SIGKILLed.
    const doomed = startScript('crash-mid-job.mjs', [bundle, filename], { FAKE_NOW: String(t0) });
    expect(await nextLine(linesOf(doomed))).toBe('started delivery-1 attempt 1');
    doomed.kill('SIGKILL');
    expect(await exitOf(doomed)).toEqual({ code: null, signal: 'SIGKILL' });

    // 2. The file is intact and the job is still held by the dead worker until its timeout.
    const raw = new Database(filename);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
    expect(readdirSync(`${filename}-payloads`)).toHaveLength(1);
    const clock = createManualClock(t0 + 29_999);
    const observer = createSqliteStorage({ filename, clock });
    expect(await observer.jobs.getJob('webhooks', 'delivery-1')).toMatchObject({
      state: 'reserved',
      attempts: 1,
      workerId: `doomed-${doomed.pid}`,
    });
    expect(await observer.jobs.reserve('webhooks', { visibilityTimeoutMs: 30_000 })).toBeNull();
    await observer.close();

    // 3. A new process, once the timeout has passed, gets the job and completes it.
    const recovery = startScript('recover-and-run.mjs', [bundle, filename, effects], {
      FAKE_NOW: String(t0 + 30_000),
    });
    const stats = JSON.parse(await nextLine(linesOf(recovery)));
    expect(await exitOf(recovery)).toEqual({ code: 0, signal: null });
    expect(stats).toEqual({ waiting: 0, delayed: 0, reserved: 0, dead: 0 });

    // 4. Its side effect happened exactly once, and nothing is left to deliver, even much later.
    expect(readFileSync(effects, 'utf8')).toBe('delivery-1 c-1 attempt 2 24000\n');
    clock.set(t0 + 24 * 3_600_000);
    const later = createSqliteStorage({ filename, clock });
    expect(await later.jobs.reserve('webhooks', { visibilityTimeoutMs: 30_000 })).toBeNull();
    expect(await later.jobs.getJob('webhooks', 'delivery-1')).toBeUndefined();
    expect(await later.jobs.listDead('webhooks')).toEqual([]);
    await later.close();
    // The dead process's payload file goes once nothing refers to it and it is an hour old.
    expect(readdirSync(`${filename}-payloads`)).toEqual([]);
  });
});
