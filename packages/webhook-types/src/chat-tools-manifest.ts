import { z } from 'zod';

export const chatToolMethodValues = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** A JSON Schema object of the tool's arguments; Omi keeps it only when it has `properties`. */
export const ChatToolParameters = z.strictObject({
  type: z.literal('object').optional(),
  properties: z.record(z.string(), z.record(z.string(), z.unknown())),
  required: z.array(z.string()).optional(),
});
export type ChatToolParameters = z.infer<typeof ChatToolParameters>;

/** One tool in the manifest (reference §2.6). The LLM sees it as `<app_id>_<name>`. */
export const ChatToolDefinition = z.strictObject({
  name: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,64}$/,
      'a tool name is 1-64 letters, digits, "_" or "-" (LLM function-name rules)',
    ),
  description: z.string().min(1),
  /** An absolute URL, or a path resolved against the app's `app_home_url`. */
  endpoint: z.string().min(1),
  method: z.enum(chatToolMethodValues).default('POST'),
  parameters: ChatToolParameters.optional(),
  /** Shown to users; has no effect in Omi's code (the endpoint must check auth itself). */
  auth_required: z.boolean().optional(),
  /** Shown while the tool runs, e.g. "Creating GitHub issue...". */
  status_message: z.string().optional(),
});
export type ChatToolDefinition = z.infer<typeof ChatToolDefinition>;

/** Whether tool results may be posted as chat messages (manifest `chat_messages`). */
export const ChatMessagesConfig = z.strictObject({
  enabled: z.boolean(),
  /** `app` (the app's chat, the default) or `main`. */
  target: z.enum(['app', 'main']).optional(),
  /** Omi's code reads a missing value as true and pushes regardless. */
  notify: z.boolean().optional(),
});
export type ChatMessagesConfig = z.infer<typeof ChatMessagesConfig>;

/**
 * The chat-tools manifest an app serves at `chat_tools_manifest_url` (e.g.
 * `/.well-known/omi-tools.json`). Strict, since we send it: an unknown key is a typo. Omi fetches
 * it with a 10 s timeout and caches it for 2 h.
 */
export const ChatToolsManifest = z
  .strictObject({
    tools: z.array(ChatToolDefinition),
    chat_messages: ChatMessagesConfig.optional(),
  })
  .superRefine((manifest, ctx) => {
    const seen = new Set<string>();
    manifest.tools.forEach((tool, index) => {
      if (seen.has(tool.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['tools', index, 'name'],
          message: `duplicate tool name "${tool.name}"`,
        });
      }
      seen.add(tool.name);
      for (const name of tool.parameters?.required ?? []) {
        if (!(name in (tool.parameters?.properties ?? {}))) {
          ctx.addIssue({
            code: 'custom',
            path: ['tools', index, 'parameters', 'required'],
            message: `"${name}" is required but not in properties`,
          });
        }
      }
    });
  });
export type ChatToolsManifest = z.infer<typeof ChatToolsManifest>;
export type ChatToolsManifestInput = z.input<typeof ChatToolsManifest>;

/** Validate a manifest and fill its defaults (`method: 'POST'`); throws a `ZodError` naming the bad paths. */
export function defineChatToolsManifest(manifest: ChatToolsManifestInput): ChatToolsManifest {
  return ChatToolsManifest.parse(manifest);
}
