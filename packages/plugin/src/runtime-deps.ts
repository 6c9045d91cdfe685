import type { Storage } from '@omi-kit/storage';
import type { SignatureSettings } from './check-signature.js';
import type { ContextDeps } from './create-context.js';
import type { DoneMarkers } from './done-markers.js';
import type { InFlight } from './in-flight.js';
import type { PluginConfig } from './plugin-config.js';
import type { PluginDefinition } from './plugin-definition.js';
import type { SetupGate } from './setup-gate.js';

/** Everything the routes and the worker share, built once by createPluginServer. */
export interface RuntimeDeps {
  plugin: PluginDefinition;
  config: PluginConfig;
  storage: Storage;
  markers: DoneMarkers;
  inFlight: InFlight;
  signature: SignatureSettings;
  context: ContextDeps;
  gate: SetupGate;
  /** Real-time handlers (transcript, audio). */
  realtimeBudgetMs: number;
  /** Chat tools (Omi waits 120 s). */
  chatToolBudgetMs: number;
  /** Per queued job; default the storage's retry policy. */
  maxAttempts: number | undefined;
  now: () => number;
}
