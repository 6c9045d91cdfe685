import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

let pinnedSelf: boolean | undefined;

/** Whether the machine has two cores to keep the server and the load generator apart. */
function canPin(): boolean {
  if (process.platform !== 'linux' || availableParallelism() < 2) return false;
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Starts a node script, on core 1 when it can, and keeps this process on core 0. */
export function spawnPinned(
  script: string,
  args: readonly string[],
): { child: ChildProcess; pinned: boolean } {
  pinnedSelf ??= canPin();
  if (pinnedSelf) execFileSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });
  const child = pinnedSelf
    ? spawn('taskset', ['-c', '1', process.execPath, script, ...args], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
    : spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout!.setEncoding('utf8');
  return { child, pinned: pinnedSelf };
}

const buffers = new WeakMap<ChildProcess, { text: string; waiters: ((line: string) => void)[] }>();

/** The child's next line of output. */
export function firstLine(child: ChildProcess): Promise<string> {
  let state = buffers.get(child);
  if (!state) {
    const s = { text: '', waiters: [] as ((line: string) => void)[] };
    buffers.set(child, s);
    child.stdout!.on('data', (chunk: string) => {
      s.text += chunk;
      for (let nl = s.text.indexOf('\n'); nl >= 0 && s.waiters.length; nl = s.text.indexOf('\n')) {
        const line = s.text.slice(0, nl).trim();
        s.text = s.text.slice(nl + 1);
        s.waiters.shift()!(line);
      }
    });
    state = s;
  }
  const s = state;
  return new Promise((resolve, reject) => {
    const nl = s.text.indexOf('\n');
    if (nl >= 0) {
      const line = s.text.slice(0, nl).trim();
      s.text = s.text.slice(nl + 1);
      resolve(line);
      return;
    }
    s.waiters.push(resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}
