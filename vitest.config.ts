import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';

// Tests import workspace packages by name; resolve them to their TypeScript sources so a test
// never runs against a stale build. Subpath `@omi-kit/x/foo` maps to `src/foo.ts` or `src/foo/index.ts`.
function workspaceSources(): Plugin {
  const dirs = new Map<string, string>();
  for (const group of ['packages', 'apps']) {
    if (!existsSync(group)) continue;
    for (const entry of readdirSync(group)) {
      const manifest = join(group, entry, 'package.json');
      if (!existsSync(manifest)) continue;
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string };
      dirs.set(name, join(process.cwd(), group, entry));
    }
  }
  return {
    name: 'omi-kit-workspace-sources',
    enforce: 'pre',
    resolveId(source) {
      const match = /^(@omi-kit\/[^/]+|create-omi-plugin)(?:\/(.+))?$/.exec(source);
      if (!match) return null;
      const dir = dirs.get(match[1]!);
      if (!dir) return null;
      const sub = match[2] ?? 'index';
      for (const candidate of [`src/${sub}.ts`, `src/${sub}/index.ts`]) {
        const file = join(dir, candidate);
        if (existsSync(file)) return file;
      }
      return null;
    },
  };
}

export default defineConfig({
  plugins: [workspaceSources()],
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'bench/*/test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
