// One server of the MCP benchmark, run in its own pinned process; prints one JSON line when ready.
process.on('SIGINT', () => process.exit(0));

// `node server.mjs emulator`: the seeded emulator, with limits out of the way;
// `node server.mjs mcp OMI_URL`: the Streamable HTTP MCP server in front of it (callers bring their key).
import { createEmulator } from '@omi-kit/emulator';
import { createOmiMcpHttpServer, omiKeyAuthenticator } from '@omi-kit/mcp-tools';

const [mode, omiUrl] = process.argv.slice(2);
if (mode === 'emulator') {
  const emulator = createEmulator({ seed: true, rateLimitBoost: 1_000_000 });
  const url = await emulator.listen({ port: 0 });
  console.log(JSON.stringify({ url, key: emulator.createKey() }));
} else {
  const app = createOmiMcpHttpServer({
    authenticate: omiKeyAuthenticator({ clientOptions: { baseUrl: omiUrl, rateLimits: false } }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(JSON.stringify({ url: `http://127.0.0.1:${app.server.address().port}/mcp` }));
}
