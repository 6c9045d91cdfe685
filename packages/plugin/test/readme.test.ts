import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PluginServer } from '@omi-kit/plugin';
import * as pluginExports from '@omi-kit/plugin';
import { afterEach, describe, expect, it, vi } from 'vitest';

const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');
const AsyncFunction = (async () => {}).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<void>;

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('README', () => {
  it('starts with a five-line example that runs', async () => {
    const match = /^# [^\n]+\n\n```js\n([\s\S]*?)```/.exec(readme);
    expect(match).not.toBeNull();
    const lines = match![1]!.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    const [importLine, ...code] = lines;
    const names = /^import \{ (.+) \} from '@omi-kit\/plugin';$/.exec(importLine!)![1]!.split(', ');
    Object.assign(process.env, {
      OMI_APP_ID: 'app_readme',
      PORT: '0',
      HOST: '127.0.0.1',
      STORAGE_URL: 'memory:',
      LOG_LEVEL: 'silent',
    });
    const servers: PluginServer[] = [];
    const exported = new Map<string, unknown>(Object.entries(pluginExports));
    exported.set('runPlugin', async (...args: Parameters<typeof pluginExports.runPlugin>) => {
      const server = await pluginExports.runPlugin(...args);
      servers.push(server);
      return server;
    });
    const log = vi.fn();
    const run = new AsyncFunction(...names, 'console', code.join('\n'));
    try {
      await run(...names.map((name) => exported.get(name)), { log });
    } finally {
      for (const server of servers) await server.close();
    }
    expect(log).toHaveBeenCalledWith({ message: 'Heard: hello there' });
  });

  it('documents every environment variable of the configuration schema', () => {
    for (const name of Object.keys(pluginExports.PluginEnv.shape)) expect(readme).toContain(`\`${name}\``);
  });
});
