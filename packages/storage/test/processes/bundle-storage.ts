import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Child processes cannot load TypeScript on Node 20, so bundle the package's current sources for
 * them (never a stale dist/). The file sits under the package's node_modules so that the child
 * resolves better-sqlite3 exactly as the package does. The caller removes it when done.
 */
export async function bundleStorage(): Promise<string> {
  const outfile = join(
    packageDir,
    'node_modules',
    '.cache',
    'omi-kit-storage-test',
    `storage-${randomUUID()}.mjs`,
  );
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(packageDir, 'src', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3'],
    logLevel: 'silent',
  });
  return outfile;
}
