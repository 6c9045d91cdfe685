import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const packagesDir = join(packageDir, '..');

/**
 * Child processes cannot load TypeScript on Node 20: bundle the current sources of this package
 * and of the workspace packages it uses (never a stale dist/). Third-party packages stay external
 * and resolve from this package's node_modules, where the bundle is written. The caller removes it.
 */
export async function bundlePlugin(): Promise<string> {
  const outfile = join(
    packageDir,
    'node_modules',
    '.cache',
    'omi-kit-plugin-test',
    `plugin-${randomUUID()}.mjs`,
  );
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(packageDir, 'src', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'fastify', 'zod', 'secure-json-parse'],
    plugins: [
      {
        name: 'workspace-sources',
        setup(builder) {
          builder.onResolve({ filter: /^@omi-kit\/[^/]+$/ }, (args) => ({
            path: join(packagesDir, args.path.slice('@omi-kit/'.length), 'src', 'index.ts'),
          }));
        },
      },
    ],
    logLevel: 'silent',
  });
  return outfile;
}
