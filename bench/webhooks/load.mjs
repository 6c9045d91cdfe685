// A small HTTP/1.1 load generator over keep-alive sockets. autocannon rebuilds a request on every
// setupRequest call, which with ~20 KB bodies caps it near 1,300 requests/s on one core: below the
// bare server, so it would measure itself. Here each request is written as header bytes plus body
// buffers, and responses are read by Content-Length (Fastify always sends one).
import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// A full collection before each round, so the round's own scavenges do not have to promote what
// was allocated for it (deliveries signed beforehand): those took 5-8 ms in the generator, and a
// pause of the generator counts as the server's latency.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');

function openConnection(url) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.setNoDelay(true);
  let buffered = null;
  let waiting = null;
  socket.on('data', (chunk) => {
    buffered = buffered ? Buffer.concat([buffered, chunk]) : chunk;
    const end = buffered.indexOf('\r\n\r\n');
    if (end === -1) return;
    const head = buffered.toString('latin1', 0, end);
    const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (buffered.length < end + 4 + length) return;
    buffered = buffered.length > end + 4 + length ? buffered.subarray(end + 4 + length) : null;
    const done = waiting;
    waiting = null;
    done.resolve(Number(head.slice(9, 12)));
  });
  socket.on('error', (error) => waiting?.reject(error));
  const ready = new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    ready,
    send(chunks) {
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        socket.cork();
        for (const chunk of chunks) socket.write(chunk);
        socket.uncork();
      });
    },
    close: () => socket.destroy(),
  };
}

// The body may be a list of buffers, written one after the other: a generator that copied each
// 20 KB body into a buffer of its own would spend its time collecting that garbage (V8 runs a full
// collection for every few dozen megabytes of buffers), and its pauses would count as the server's
// latency.
/** The bytes of one request, for deliveries built before a round (`next` may return these). */
export function requestChunks(host, path, { body, headers }) {
  const parts = Array.isArray(body) ? body : [body];
  let length = 0;
  for (const part of parts) length += part.length;
  let head = `POST ${path} HTTP/1.1\r\nhost: ${host}\r\ncontent-length: ${length}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  return [Buffer.from(`${head}\r\n`, 'latin1'), ...parts];
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

/**
 * Send POSTs built by `next()` for `durationSec` (or until `amount` are done) over `connections`
 * keep-alive connections. Closed loop by default; with `rate`, requests are started on a fixed
 * schedule and latency counts from the scheduled time, also while a request waits for a connection
 * (no coordinated omission; see below for the generator's own lateness).
 * Resolves `{ requests, rps, p50, p99, max, non2xx }` (latencies in ms).
 */
export async function runLoad({ url, path, next, connections = 16, durationSec, amount, rate }) {
  const host = new URL(url).host;
  const pool = Array.from({ length: connections }, () => openConnection(url));
  await Promise.all(pool.map((c) => c.ready));
  // Preallocated, so recording a latency allocates nothing.
  let latencies = new Float64Array(amount ?? Math.ceil((rate ?? 20_000) * (durationSec ?? 1) * 1.2) + 1024);
  let count = 0;
  const record = (ms) => {
    if (count === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[count++] = ms;
  };
  collectGarbage();
  let non2xx = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = durationSec ? started + durationSec * 1000 : Number.POSITIVE_INFINITY;
  const more = () => (amount === undefined || sent < amount) && performance.now() < deadline;

  async function one(connection, scheduledAt) {
    sent++;
    const delivery = next();
    const status = await connection.send(delivery.chunks ?? requestChunks(host, path, delivery));
    record(performance.now() - scheduledAt);
    if (status < 200 || status > 299) non2xx++;
  }

  if (!rate) {
    await Promise.all(
      pool.map(async (connection) => {
        while (more()) await one(connection, performance.now());
      }),
    );
  } else {
    const interval = 1000 / rate;
    const free = [...pool];
    const backlog = [];
    const running = new Set();
    const dispatch = (connection, scheduledAt) => {
      const task = one(connection, scheduledAt).then(() => {
        running.delete(task);
        const queued = backlog.shift();
        if (queued !== undefined && more()) dispatch(connection, queued);
        else free.push(connection);
      });
      running.add(task);
    };
    // A request is never sent before its time. Its latency counts from its scheduled time, or from
    // when the generator got to it if that was later (a timer fires up to a millisecond late, and
    // the generator's own pauses are not the server's): waiting for a free connection, which is
    // the server's slowness, is always counted.
    let tick = 0;
    while (more()) {
      const scheduledAt = started + tick * interval;
      tick++;
      const wait = scheduledAt - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const startAt = Math.max(scheduledAt, performance.now());
      const connection = free.pop();
      if (connection) dispatch(connection, startAt);
      else backlog.push(startAt);
    }
    while (running.size > 0) await Promise.race(running);
  }
  const elapsed = (performance.now() - started) / 1000;
  for (const connection of pool) connection.close();
  const sorted = latencies.subarray(0, count).sort();
  return {
    requests: count,
    rps: count / elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
    non2xx,
  };
}
