import type { DeveloperFolder } from '@omi-kit/schemas';
import type { DeveloperContext } from '../developer-context.js';
import type { RequestOptions } from '../transport.js';

/** Conversation folders (read only; not paginated; charged to the conversation-list limit). */
export class Folders {
  constructor(private readonly ctx: DeveloperContext) {}

  list(options?: RequestOptions): Promise<DeveloperFolder[]> {
    return this.ctx.request('listFolders', {}, options);
  }
}
