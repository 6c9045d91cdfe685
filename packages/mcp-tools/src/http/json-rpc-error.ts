/** A JSON-RPC error not tied to a request (`id: null`), as HTTP-level refusals are sent. */
export function jsonRpcError(code: number, message: string) {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}
