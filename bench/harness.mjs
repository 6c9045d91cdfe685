// Shared by every benchmark in bench/: argument parsing, medians, pinned child processes, and the
// report format (a table, then with --json one JSON object as the last line).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export function benchArgs(argv = process.argv.slice(2)) {
  return {
    json: argv.includes('--json'),
    quick: argv.includes('--quick') || process.env.BENCH_QUICK === '1',
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill();
});

/** Runs `node <args>` on one core (when the machine has taskset), so server and load do not compete. */
export function spawnPinned(core, args, options = {}) {
  const [cmd, cmdArgs] = hasTaskset
    ? ['taskset', ['-c', String(core), process.execPath, ...args]]
    : [process.execPath, args];
  const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'inherit'], ...options });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Resolves with the first stdout line of a child that is JSON (its ready message). */
export function firstJsonLine(child) {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.on('line', (line) => {
      try {
        resolve(JSON.parse(line));
        rl.close();
      } catch {}
    });
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before it was ready`)));
  });
}

/** CPU time a process has used, all its threads, in clock ticks (null where /proc is missing). */
export function cpuTicks(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/**
 * Waits until the processes have stopped working (at most one clock tick of CPU in a quarter of a
 * second), so the background work a round leaves (a WAL checkpoint, a GC) is not charged to the
 * next round, which may be another server on the same core. Gives up after `maxMs`.
 */
export async function waitIdle(pids, { maxMs = 60_000, windowMs = 250 } = {}) {
  const deadline = Date.now() + maxMs;
  let before = pids.map(cpuTicks);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const now = pids.map(cpuTicks);
    if (now.every((ticks, i) => ticks === null || ticks - before[i] <= 1)) return;
    before = now;
  }
}

/**
 * Pins the current process to a core, when possible (the load generator). All its threads (-a):
 * V8's GC helpers start before this runs, and left unpinned they ran on the server's core.
 */
export function pinSelf(core) {
  if (hasTaskset) spawnSync('taskset', ['-a', '-cp', String(core), String(process.pid)], { stdio: 'ignore' });
}

export function report({ name, figures, ratios, targets, met, rows }, { json }) {
  console.log(`\n${name}`);
  if (rows) console.table(rows);
  for (const [k, v] of Object.entries(ratios)) {
    const target = targets[k];
    console.log(`  ${k}: ${v.toFixed(3)}${target ? `  (target ${target})` : ''}`);
  }
  console.log(`  targets met: ${met}`);
  if (json) console.log(JSON.stringify({ name, figures, ratios, targets, met }));
}
