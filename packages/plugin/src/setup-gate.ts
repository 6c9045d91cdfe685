import type { PluginDefinition, SetupContext } from './plugin-definition.js';

/** Resolves false when the plugin asks to skip this user's webhooks until setup is finished. */
export type SetupGate = (ctx: SetupContext) => Promise<boolean>;

export function createSetupGate(plugin: PluginDefinition): SetupGate {
  const check = plugin.setupCompleted;
  if (!check || plugin.ignoreUntilSetupCompleted === false) return async () => true;
  return async (ctx) => (await check.call(plugin, ctx)) === true;
}
