// Compiled with `tsc --noEmit -p test/types`: pins the public types. Never run.
import {
  createOmiAppClient,
  createOmiClient,
  type DeveloperResult,
  type OmiClient,
  OmiRateLimitError,
  type Paginator,
} from '@omi-kit/api-client';
import type { DeveloperActionItem, DeveloperMemory, IntegrationConversationList } from '@omi-kit/schemas';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assert = <T extends true>() => undefined as unknown as T;

export async function pinned(client: OmiClient) {
  const memories = await client.memories.list({ limit: 10, categories: 'system' });
  assert<Equal<typeof memories, DeveloperMemory[]>>();
  const all: Paginator<DeveloperActionItem> = client.actionItems.listAll({ completed: false, pageSize: 100 });
  for await (const item of all) item.description.toUpperCase();
  assert<Equal<DeveloperResult<'revokeApiKey'>, null>>();
  assert<Equal<DeveloperResult<'listMemories'>, DeveloperMemory[]>>();

  // @ts-expect-error unknown field in what we send
  await client.memories.create({ content: 'x', catgory: 'system' });
  // @ts-expect-error limit is replaced by pageSize in listAll
  client.memories.listAll({ limit: 5 });
  // @ts-expect-error path parameters are required by name
  await client.request('deleteMemory', { params: { id: 'x' } });

  const app = createOmiAppClient({ appId: 'a', apiKey: 'sk_' }).forUser('uid');
  const list = await app.listConversations({ limit: 5 });
  assert<Equal<typeof list, IntegrationConversationList>>();
  const sent = await app.notify('hello');
  sent.rateLimit?.remaining.toFixed();

  try {
    await createOmiClient().ask('question');
  } catch (error) {
    if (error instanceof OmiRateLimitError) error.retryAfter?.toFixed();
  }
}
