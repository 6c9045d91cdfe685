import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningEmulator, startEmulator } from './helpers/emulator.js';

// Every ```ts block of the README runs as written, against a seeded emulator, with the
// environment a user would have after `omi-emulator start --seed`.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dir = new URL('./.readme-examples/', import.meta.url);

let omi: RunningEmulator;

beforeAll(async () => {
  omi = await startEmulator();
  mkdirSync(dir, { recursive: true });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await omi.close();
});

describe('README examples', () => {
  it('has examples', () => expect(examples.length).toBeGreaterThanOrEqual(10));

  it.each(examples.map((code, i) => [i + 1, code.split('\n')[0], code] as const))(
    'example %i runs (%s)',
    async (n, _first, code) => {
      const app = omi.emulator.createApp({
        name: 'Trip Planner',
        enabled_for: [omi.emulator.state.defaultUid],
      });
      vi.stubEnv('OMI_API_KEY', omi.emulator.createKey());
      vi.stubEnv('OMI_API_BASE_URL', omi.baseUrl);
      vi.stubEnv('OMI_READ_ONLY_KEY', omi.emulator.createKey(null));
      vi.stubEnv('OMI_APP_ID', app.appId);
      vi.stubEnv('OMI_APP_API_KEY', app.apiKey);
      const output: unknown[] = [];
      for (const method of ['log', 'warn', 'error'] as const) {
        vi.spyOn(console, method).mockImplementation((...args) => output.push(args));
      }
      const file = new URL(`example-${n}.ts`, dir);
      writeFileSync(file, code);
      try {
        await import(/* @vite-ignore */ file.href);
      } finally {
        vi.restoreAllMocks();
        vi.unstubAllEnvs();
      }
      if (process.env.SHOW_README_OUTPUT)
        process.stdout.write(`--- example ${n}\n${JSON.stringify(output).slice(0, 1500)}\n`);
      expect(output.length).toBeGreaterThan(0);
      expect(JSON.stringify(output)).not.toMatch(/omi_dev_[0-9a-f]{32}|sk_[0-9a-f]{32}/);
    },
  );
});
