// A small HTTP/1.1 load generator over keep-alive sockets. autocannon rebuilds a request on every
// setupRequest call, which with ~20 KB bodies caps it near 1,300 requests/s on one core: below the
// bare server, so it would measure itself. Here each request is written as header bytes plus body
// buffers, and responses are read by Content-Length (Fastify always sends one).
import { connect } from 'node:net';

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
function requestChunks(host, path, { body, headers }) {
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
 * schedule and latency counts from the scheduled time (no coordinated omission).
 * Resolves `{ requests, rps, p50, p99, max, non2xx }` (latencies in ms).
 */
export async function runLoad({ url, path, next, connections = 16, durationSec, amount, rate }) {
  const host = new URL(url).host;
  const pool = Array.from({ length: connections }, () => openConnection(url));
  await Promise.all(pool.map((c) => c.ready));
  const latencies = [];
  let non2xx = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = durationSec ? started + durationSec * 1000 : Number.POSITIVE_INFINITY;
  const more = () => (amount === undefined || sent < amount) && performance.now() < deadline;

  async function one(connection, scheduledAt) {
    sent++;
    const status = await connection.send(requestChunks(host, path, next()));
    latencies.push(performance.now() - scheduledAt);
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
    let tick = 0;
    while (more()) {
      const scheduledAt = started + tick * interval;
      tick++;
      const wait = scheduledAt - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const connection = free.pop();
      if (connection) dispatch(connection, scheduledAt);
      else backlog.push(scheduledAt);
    }
    while (running.size > 0) await Promise.race(running);
  }
  const elapsed = (performance.now() - started) / 1000;
  for (const connection of pool) connection.close();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
    non2xx,
  };
}
