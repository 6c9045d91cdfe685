import { chatToolsManifest } from './chat-tools-manifest.js';
import { PluginError } from './errors/plugin-error.js';
import type { PluginDefinition } from './plugin-definition.js';

const HANDLERS = [
  'onConversation',
  'onTranscript',
  'onAudio',
  'onDaySummary',
  'setupCompleted',
  'routes',
] as const;

/**
 * Declare a plugin: its name, a handler per Omi trigger, chat tools and the setup check. Checks
 * the definition now (a typo fails at start, not at the first delivery) and returns it unchanged.
 * Serve it with `createPluginServer(plugin)` or `runPlugin(plugin)`.
 */
export function definePlugin<const P extends PluginDefinition>(plugin: P): P {
  if (typeof plugin !== 'object' || plugin === null) {
    throw new PluginError(
      'ERR_PLUGIN_DEFINITION',
      'definePlugin needs an object: definePlugin({ name, onConversation, … }).',
    );
  }
  if (typeof plugin.name !== 'string' || plugin.name.trim() === '') {
    throw new PluginError(
      'ERR_PLUGIN_DEFINITION',
      'A plugin needs a name: definePlugin({ name: "my-plugin", … }).',
    );
  }
  for (const key of HANDLERS) {
    const value = plugin[key];
    if (value !== undefined && typeof value !== 'function') {
      throw new PluginError('ERR_PLUGIN_DEFINITION', `${key} must be a function, got ${typeof value}.`);
    }
  }
  const known = new Set<string>([
    ...HANDLERS,
    'name',
    'chatTools',
    'chatMessages',
    'ignoreUntilSetupCompleted',
  ]);
  const unknown = Object.keys(plugin).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new PluginError(
      'ERR_PLUGIN_DEFINITION',
      `Unknown key${unknown.length > 1 ? 's' : ''} in the plugin definition: ${unknown.join(', ')}. ` +
        `Known keys: ${[...known].join(', ')}.`,
    );
  }
  for (const tool of plugin.chatTools ?? []) {
    if (typeof tool?.run !== 'function') {
      throw new PluginError(
        'ERR_PLUGIN_DEFINITION',
        `The chat tool "${tool?.name}" needs a run(ctx) function.`,
      );
    }
  }
  // Builds the manifest once, so bad tool names, duplicates or argument schemas fail here.
  chatToolsManifest(plugin);
  return plugin;
}
