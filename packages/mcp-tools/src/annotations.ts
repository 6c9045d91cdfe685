import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';

/** The annotation presets of Omi's hosted tool registry. */
export type AnnotationPreset = 'read' | 'edit' | 'create' | 'delete';

export const annotationPresets = {
  read: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  edit: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  create: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  delete: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
} as const satisfies Record<AnnotationPreset, ToolAnnotations>;

/** A tool's annotations: its preset, with Omi's exceptions (`create_action_item` is idempotent). */
export function annotationsFor(
  preset: AnnotationPreset,
  overrides: Partial<ToolAnnotations> = {},
): ToolAnnotations {
  return { ...annotationPresets[preset], ...overrides };
}
