#!/usr/bin/env node
// Runs every vitest project once, then prints what was skipped and why, and one summary line.
// The JSON report lets .ci/run print the same summary without parsing vitest's human output.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reportFile = join(root, '.ci-report', 'vitest.json');
mkdirSync(dirname(reportFile), { recursive: true });
rmSync(reportFile, { force: true });

const skippedServices = [];
if (!process.env.DATABASE_URL)
  skippedServices.push('PostgreSQL adapter tests (set DATABASE_URL=postgres://...)');
if (!process.env.REDIS_URL) skippedServices.push('Redis adapter tests (set REDIS_URL=redis://...)');

const vitestBin = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const args = [vitestBin, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`];
const result = spawnSync(process.execPath, [...args, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(reportFile)) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that failed to load has no tests but is still a failure.
  for (const file of report.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1;
  }
} else {
  failed = 1;
}
if (result.status !== 0 && failed === 0) failed = 1;

if (skippedServices.length > 0 && skipped > 0) {
  console.log(`skipped: ${skipped} tests that need services not configured here:`);
  for (const s of skippedServices) console.log(`  - ${s}`);
}
if (!process.env.OMI_KIT_CI) console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
