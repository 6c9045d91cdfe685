/**
 * The Integration API for one user, as handlers see it (`ctx.omi`). `@omi-kit/api-client`'s
 * `createOmiAppClient(...).forUser(uid)` has this shape; pass it with the `createAppClient` option.
 * Without that option the plugin uses a small built-in client ({@link createFetchOmiClient}).
 * Results are typed loosely here on purpose: the api-client's own types are the precise ones.
 */
export interface OmiUserClient {
  readonly uid: string;
  /** Needs the `create_conversation` action. Omi then sends this conversation back to your webhook: it is ignored. */
  createConversation(conversation: { text: string } & Record<string, unknown>): Promise<unknown>;
  /** Needs `create_facts`. */
  createMemories(memories: Record<string, unknown>): Promise<unknown>;
  /** Needs `read_conversations`. */
  listConversations(query?: Record<string, unknown>): Promise<unknown>;
  /** Needs `read_conversations`. */
  searchConversations(search: string | ({ query: string } & Record<string, unknown>)): Promise<unknown>;
  /** Needs `read_memories`. */
  listMemories(query?: Record<string, unknown>): Promise<unknown>;
  /** Needs `read_tasks`. */
  listTasks(query?: Record<string, unknown>): Promise<unknown>;
  /** A push "<App name> says: message" (10 per hour per user). Prefer `ctx.notify`, which guards against doubles. */
  notify(message: string): Promise<unknown>;
}

/** Makes the client for a uid; called lazily, at most once per handler run. */
export type CreateAppClient = (uid: string) => OmiUserClient;
