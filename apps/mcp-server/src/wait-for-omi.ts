/**
 * Waits until something answers HTTP at `baseUrl` (any status: the emulator or Omi is up), polling
 * every `intervalMs`. Resolves false after `timeoutMs`. Under `pnpm dev` the emulator starts at
 * the same time as this server, so the first attempts are expected to fail.
 */
export async function waitForOmi(baseUrl: string, timeoutMs: number, intervalMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(`${baseUrl}/openapi.json`, { signal: AbortSignal.timeout(2000) });
      return true;
    } catch {
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
