#!/usr/bin/env node
// `pnpm bench` runs every benchmark in bench/*; `pnpm bench <name>` runs one. `--json` is passed on.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const names = args.filter((a) => !a.startsWith('--'));
const all = readdirSync(here).filter((d) => existsSync(join(here, d, 'bench.mjs')));
const chosen = names.length ? names : all;
let failed = false;
for (const name of chosen) {
  if (!all.includes(name)) {
    console.error(`unknown benchmark "${name}"; there are: ${all.join(', ')}`);
    process.exit(2);
  }
  const r = spawnSync(process.execPath, [join(here, name, 'bench.mjs'), ...flags], {
    stdio: 'inherit',
    cwd: join(here, name),
  });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
