import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleStorage } from './processes/bundle-storage.js';

const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'omi-storage-readme-'));
let bundle: string | undefined;
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (bundle) rmSync(bundle, { force: true });
});

describe('README', () => {
  it('starts with a five-line example that runs', async () => {
    const example = /^# .*\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    if (!example) throw new Error('README must start with a ts example');
    expect(example.trimEnd().split('\n')).toHaveLength(5);

    bundle = await bundleStorage();
    const script = join(dir, 'example.mjs');
    writeFileSync(script, example.replace("'@omi-kit/storage'", JSON.stringify(pathToFileURL(bundle).href)));
    const env = { ...process.env };
    delete env.STORAGE_URL;
    const { stdout } = await promisify(execFile)(process.execPath, [script], { cwd: dir, env });

    expect(stdout.trim()).toBe('{ waiting: 1, delayed: 0, reserved: 0, dead: 0 }');
    expect(existsSync(join(dir, 'data', 'omi-plugin.db'))).toBe(true);
  });
});
