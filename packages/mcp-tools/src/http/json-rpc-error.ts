/** A JSON-RPC error not tied to a request (`id: null`), as HTTP-level refusals are sent. */
export function jsonRpcError(code: number, message: string, data?: unknown) {
  return { jsonrpc: '2.0', error: { code, message, ...(data === undefined ? {} : { data }) }, id: null };
}
