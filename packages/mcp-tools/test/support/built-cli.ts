import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built `omi-mcp` bin (`dist/cli.js`), built first if a plain `vitest run` comes before `pnpm build`. */
export function builtCli(): string {
  const cli = join(packageDir, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    const r = spawnSync('pnpm', ['exec', 'tsup'], { cwd: packageDir, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('building @omi-kit/mcp-tools failed');
  }
  return cli;
}
