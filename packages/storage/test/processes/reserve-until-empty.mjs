// Reserves and acks jobs until the queue is empty, then prints the ids it got as JSON.
// Waits for "go" on stdin first, so that two copies start competing at the same moment.
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const [bundle, filename, queue] = process.argv.slice(2);
const { createSqliteStorage } = await import(pathToFileURL(bundle).href);
const storage = createSqliteStorage({ filename, sweepIntervalMs: 0 });

const input = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
await new Promise((resolve) => input.once('line', resolve));
input.close();

const ids = [];
for (;;) {
  const job = await storage.jobs.reserve(queue, {
    visibilityTimeoutMs: 60_000,
    workerId: String(process.pid),
  });
  if (!job) break;
  ids.push(job.id);
  // Hold each job for 2 ms, as real work would: the race then lasts over a second, so both
  // processes take part even when the machine is busy and one of them starts late.
  await new Promise((resolve) => setTimeout(resolve, 2));
  await storage.jobs.ack(job);
}
await storage.close();
process.stdout.write(`${JSON.stringify(ids)}\n`);
