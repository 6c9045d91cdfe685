import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..');
const root = join(packageDir, '..', '..');
const bin = join(packageDir, 'dist', 'cli.js');

interface Started {
  child: ChildProcess;
  baseUrl: string;
  key: string;
  lines: string[];
}

/** Starts the built bin and resolves once it has printed its two environment lines. */
function startCli(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`no startup lines within 15 s:\n${out}\n${err}`)),
      15_000,
    );
    child.stderr!.on('data', (d) => {
      err += d;
    });
    child.on('exit', (code) => reject(new Error(`exited early with ${code}:\n${out}\n${err}`)));
    child.stdout!.on('data', (d) => {
      out += d;
      const lines = out.split('\n');
      const url = lines.findIndex((l) => l.startsWith('OMI_API_BASE_URL='));
      const key = lines.findIndex((l) => l.startsWith('OMI_API_KEY='));
      if (url >= 0 && key >= 0 && lines.length > key + 1) {
        clearTimeout(timer);
        resolve({
          child,
          baseUrl: lines[url]!.slice('OMI_API_BASE_URL='.length),
          key: lines[key]!.slice('OMI_API_KEY='.length),
          lines,
        });
      }
    });
  });
}

/** Runs the bin to completion (for commands that exit on their own). */
function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

const running: ChildProcess[] = [];

describe('omi-emulator CLI (built bin)', () => {
  beforeAll(() => {
    // Turbo's cache makes this instant when dist is up to date with src.
    const turbo = join(root, 'node_modules', '.bin', 'turbo');
    const result = spawnSync(
      turbo,
      ['run', 'build', '--filter=@omi-kit/emulator', '--output-logs=errors-only'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
    expect(existsSync(bin)).toBe(true);
  }, 240_000);

  afterEach(async () => {
    // Stop every child this test started, by its own handle.
    for (const child of running.splice(0)) await stop(child);
  });

  it('start --port 0 --seed prints OMI_API_BASE_URL and OMI_API_KEY on their own lines; the key works', async () => {
    const started = await startCli(['start', '--port', '0', '--seed']);
    expect(started.lines[0]).toMatch(/^OMI_API_BASE_URL=http:\/\/127\.0\.0\.1:\d+$/);
    expect(started.lines[1]).toMatch(/^OMI_API_KEY=omi_dev_[0-9a-f]{32}$/);
    expect(started.baseUrl).not.toMatch(/:0$/);

    const headers = { authorization: `Bearer ${started.key}` };
    const conversations = await fetch(`${started.baseUrl}/v1/dev/user/conversations`, { headers });
    expect(conversations.status).toBe(200);
    expect(((await conversations.json()) as unknown[]).length).toBeGreaterThan(0);
    const created = await fetch(`${started.baseUrl}/v1/dev/user/memories`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'Written through the CLI emulator' }),
    });
    expect(created.status).toBe(200);
    expect(await stop(started.child)).toBe(0);
  });

  it('--db keeps data across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omi-cli-'));
    const db = join(dir, 'omi.db');
    try {
      const first = await startCli(['start', '--port', '0', '--db', db]);
      const created = await fetch(`${first.baseUrl}/v1/dev/user/memories`, {
        method: 'POST',
        headers: { authorization: `Bearer ${first.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'Survives a restart' }),
      });
      expect(created.status).toBe(200);
      expect(await stop(first.child)).toBe(0);

      const second = await startCli(['start', '--port', '0', '--db', db]);
      for (const key of [first.key, second.key]) {
        const r = await fetch(`${second.baseUrl}/v1/dev/user/memories`, {
          headers: { authorization: `Bearer ${key}` },
        });
        expect(r.status).toBe(200);
        const contents = ((await r.json()) as { content: string }[]).map((m) => m.content);
        expect(contents).toEqual(['Survives a restart']);
      }
      expect(await stop(second.child)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--rate-limit-boost scales the limits', async () => {
    const started = await startCli(['start', '--port', '0', '--rate-limit-boost', '0.01']);
    const call = () =>
      fetch(`${started.baseUrl}/v1/dev/user/memories/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${started.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ memories: [] }),
      });
    expect((await call()).status).toBe(200);
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-limit')).toBe('1');
  });

  it.concurrent.each([
    [['start', '--port', 'abc'], /--port/],
    [['start', '--port', '70000'], /--port/],
    [['start', '--rate-limit-boost', '0'], /--rate-limit-boost/],
    [['start', '--bogus'], /--bogus/],
    [['start', 'extra'], /extra/],
    [['launch'], /unknown command "launch"/],
  ])('%j exits 2 with a clear message', async (args, message) => {
    const result = await run(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage: omi-emulator');
    expect(result.stdout).not.toContain('OMI_API_KEY=');
  });

  it('--help prints the usage and exits 0', () => {
    const result = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8', timeout: 15_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: omi-emulator');
  });
});
