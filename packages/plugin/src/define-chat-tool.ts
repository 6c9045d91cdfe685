import type { z } from 'zod';
import type { ChatTool } from './plugin-definition.js';

/** Declare a chat tool; `ctx.args` in `run` is typed from the `args` schema. */
export function defineChatTool<S extends z.ZodType = z.ZodObject<{}>>(tool: ChatTool<S>): ChatTool<S> {
  return tool;
}
