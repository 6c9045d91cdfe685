import { parseArgs } from 'node:util';
import { createStderrLogger } from './logger.js';
import { serveStdio } from './serve-stdio.js';
import { VERSION } from './version.js';

// stdout is the protocol channel: anything a dependency prints goes to stderr instead.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

const usage = `omi-mcp ${VERSION}: Omi's tools for AI assistants, over MCP on stdio.

Usage: omi-mcp [--read-only] [--log-level LEVEL]

Environment:
  OMI_API_KEY        Developer API key (omi_dev_...), required
  OMI_API_BASE_URL   default https://api.omi.me (http only to loopback, e.g. the emulator)
  OMI_MCP_READ_ONLY  "true": offer only the tools that read
  LOG_LEVEL          default info; logs go to stderr`;

function truthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseArgs>['values'];
  try {
    ({ values: args } = parseArgs({
      options: {
        'read-only': { type: 'boolean' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stderr.write(`${usage}\n`);
    return;
  }
  if (args.version) {
    process.stderr.write(`${VERSION}\n`);
    return;
  }
  const logger = createStderrLogger({
    level: (args['log-level'] as string) ?? process.env.LOG_LEVEL ?? 'info',
  });
  const readOnly = Boolean(args['read-only']) || truthy(process.env.OMI_MCP_READ_ONLY);
  let handle: Awaited<ReturnType<typeof serveStdio>>;
  try {
    handle = await serveStdio({ readOnly, logger });
  } catch (error) {
    // OmiConfigError and the scope read never echo the key.
    logger.fatal({ err: { message: (error as Error).message } }, 'omi-mcp could not start');
    process.exit(1);
  }
  const stop = async () => {
    await handle.close().catch(() => {});
    process.exit(0);
  };
  process.stdin.once('end', stop);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
