import type { OmiAppUserClient } from '@omi-kit/api-client';

/**
 * The Integration API for one user, as handlers see it (`ctx.omi`): `@omi-kit/api-client`'s
 * `OmiAppUserClient` (pacing per user, safe retries, typed errors). A stand-in for tests only
 * needs the methods it uses.
 */
export type OmiUserClient = Pick<
  OmiAppUserClient,
  | 'uid'
  | 'createConversation'
  | 'createMemories'
  | 'listConversations'
  | 'searchConversations'
  | 'listMemories'
  | 'listTasks'
  | 'notify'
>;

/** Makes the client for a uid; called lazily, at most once per handler run. */
export type CreateAppClient = (uid: string) => OmiUserClient;
