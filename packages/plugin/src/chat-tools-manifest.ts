import {
  type ChatToolParameters,
  type ChatToolsManifest,
  defineChatToolsManifest,
} from '@omi-kit/webhook-types';
import { z } from 'zod';
import { PluginError } from './errors/plugin-error.js';
import type { ChatTool, PluginDefinition } from './plugin-definition.js';

/** The endpoint path a tool is served at. */
export function chatToolPath(tool: Pick<ChatTool, 'name'>): string {
  return `/tools/${tool.name}`;
}

/**
 * The manifest Omi reads from `chat_tools_manifest_url`, built from the tools' zod `args`: the
 * JSON Schema's `properties` and `required` become `parameters`. Endpoints are relative; Omi
 * resolves them against the app's `app_home_url`, or pass `baseUrl` for absolute ones.
 */
export function chatToolsManifest(
  plugin: Pick<PluginDefinition, 'chatTools' | 'chatMessages'>,
  options: { baseUrl?: string } = {},
): ChatToolsManifest {
  const base = options.baseUrl?.replace(/\/+$/, '') ?? '';
  try {
    return defineChatToolsManifest({
      tools: (plugin.chatTools ?? []).map((tool) => ({
        name: tool.name,
        description: tool.description,
        endpoint: base + chatToolPath(tool),
        method: tool.method ?? 'POST',
        ...(tool.args && parametersOf(tool)),
        ...(tool.authRequired !== undefined && { auth_required: tool.authRequired }),
        ...(tool.statusMessage !== undefined && { status_message: tool.statusMessage }),
      })),
      ...(plugin.chatMessages && { chat_messages: plugin.chatMessages }),
    });
  } catch (error) {
    if (error instanceof PluginError) throw error;
    const detail =
      error instanceof z.ZodError
        ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
        : String(error);
    throw new PluginError('ERR_PLUGIN_DEFINITION', `The chat tools do not make a valid manifest: ${detail}`);
  }
}

function parametersOf(tool: ChatTool): { parameters?: ChatToolParameters } {
  const schema = z.toJSONSchema(tool.args as z.ZodType, { io: 'input', unrepresentable: 'any' }) as {
    type?: unknown;
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  if (schema.type !== 'object' || !schema.properties) {
    throw new PluginError(
      'ERR_PLUGIN_DEFINITION',
      `The args of chat tool "${tool.name}" must be a z.object({...}): Omi passes arguments by name.`,
    );
  }
  // Omi keeps `parameters` only when it has properties.
  if (Object.keys(schema.properties).length === 0) return {};
  return {
    parameters: {
      type: 'object',
      properties: schema.properties,
      ...(schema.required?.length ? { required: schema.required } : {}),
    },
  };
}
