#!/usr/bin/env node
// `pnpm bench` runs every benchmark under bench/, `pnpm bench <name>` one of them; flags such as
// --json are passed through. Each benchmark prints a table, and with --json a JSON object as its
// last line. The root script builds the packages first.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));

const all = readdirSync(root).filter((dir) => {
  const manifest = join(root, dir, 'package.json');
  return existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).scripts?.bench;
});
const unknown = names.filter((n) => !all.includes(n));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${all.join(', ') || 'none'}.`);
  process.exit(2);
}
let failed = 0;
for (const name of names.length > 0 ? names : all) {
  const result = spawnSync('pnpm', ['--silent', '--dir', join(root, name), 'run', 'bench', ...flags], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);
