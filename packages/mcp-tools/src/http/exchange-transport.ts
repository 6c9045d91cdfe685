import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo, RequestId } from '@modelcontextprotocol/sdk/types.js';

type Message = Record<string, unknown>;

/** A request (has `method` and an `id`): the only kind of message that gets an answer. */
export function isRequest(message: Message): boolean {
  return (
    typeof message.method === 'string' && (typeof message.id === 'string' || typeof message.id === 'number')
  );
}

/** MCP's requests and notifications take their params as an object, or none. */
function hasObjectParams(message: Message): boolean {
  const params = message.params;
  return params === undefined || (typeof params === 'object' && params !== null && !Array.isArray(params));
}

function invalidParams(id: RequestId): JSONRPCMessage {
  return {
    jsonrpc: '2.0',
    id,
    error: { code: -32602, message: 'Invalid params: MCP takes params as an object (or none).' },
  };
}

/** The shape every JSON-RPC 2.0 message has; the server's schemas check the rest. */
export function isJsonRpcMessage(value: unknown): value is Message {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const m = value as Message;
  if (m.jsonrpc !== '2.0') return false;
  if (typeof m.method === 'string')
    return m.id === undefined || typeof m.id === 'string' || typeof m.id === 'number';
  return (typeof m.id === 'string' || typeof m.id === 'number') && ('result' in m || 'error' in m);
}

/** Two requests of one batch with the same id could not both be answered. */
export function hasDuplicateRequestIds(messages: Message[]): boolean {
  const ids = messages.filter(isRequest).map((m) => m.id);
  return new Set(ids).size !== ids.length;
}

/**
 * The transport of a stateless HTTP server: `exchange()` hands the messages of one POST to the
 * server and resolves with its answers to the requests among them. Messages the server sends on
 * its own (list-changed, progress) have nowhere to go without a stream and are dropped.
 *
 * It stays connected to its server across requests (one exchange at a time), so a request costs
 * neither a new server nor the SDK's web-stream transport, which cost more than the tool call.
 */
export class ExchangeTransport implements Transport {
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  #waiting = new Map<RequestId, (answer: JSONRPCMessage) => void>();

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage): Promise<void> {
    const m = message as Message;
    if (m.method !== undefined) return;
    const id = m.id as RequestId;
    const resolve = this.#waiting.get(id);
    if (!resolve) return;
    this.#waiting.delete(id);
    resolve(message);
  }

  async close(): Promise<void> {
    this.#waiting.clear();
    this.onclose?.();
  }

  /**
   * Delivers `messages` and waits for the answers to the requests among them, in their order.
   * If `signal` aborts first (the HTTP client went away), the pending requests are cancelled,
   * so their handlers see an aborted signal, and the answer is empty.
   */
  async exchange(
    messages: Message[],
    extra: MessageExtraInfo,
    signal: AbortSignal,
  ): Promise<JSONRPCMessage[]> {
    const answers: Promise<JSONRPCMessage | null>[] = [];
    for (const message of messages) {
      if (!hasObjectParams(message)) {
        // The SDK would drop it as an unknown kind of message and its request would never be
        // answered; Omi answers -32602. A notification gets no answer either way.
        if (isRequest(message)) answers.push(Promise.resolve(invalidParams(message.id as RequestId)));
        continue;
      }
      if (isRequest(message)) {
        const id = message.id as RequestId;
        answers.push(
          new Promise<JSONRPCMessage | null>((resolve) => {
            this.#waiting.set(id, resolve);
            signal.addEventListener('abort', () => resolve(null), { once: true });
          }),
        );
      }
      this.onmessage?.(message as unknown as JSONRPCMessage, extra);
    }
    const settled = await Promise.all(answers);
    if (signal.aborted) {
      for (const id of [...this.#waiting.keys()]) {
        this.#waiting.delete(id);
        this.onmessage?.({
          jsonrpc: '2.0',
          method: 'notifications/cancelled',
          params: { requestId: id, reason: 'The HTTP client went away.' },
        });
      }
    }
    return settled.filter((a): a is JSONRPCMessage => a !== null);
  }
}
