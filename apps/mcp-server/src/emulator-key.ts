import { scopeValues } from '@omi-kit/schemas';

/**
 * A key with every scope from the local emulator's admin API, so `pnpm dev` needs no key.
 * Only ever asked of a loopback base URL.
 */
export async function mintEmulatorKey(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/_emulator/keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scopes: scopeValues, name: 'mcp-server (dev)' }),
  });
  if (!response.ok) {
    throw new Error(
      `${baseUrl} is not an omi-kit emulator (POST /_emulator/keys answered ${response.status}); set OMI_API_KEY.`,
    );
  }
  return ((await response.json()) as { key: string }).key;
}
