import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { OmiClient, RequestOptions } from '@omi-kit/api-client';
import type { Scope } from '@omi-kit/schemas';
import type { z } from 'zod';
import { type AnnotationPreset, annotationsFor } from './annotations.js';
import type { FailureContext } from './tool-error-from.js';

/** What a tool's `run` gets besides its arguments. */
export interface ToolContext {
  client: OmiClient;
  /** Per-call options for the api-client (the MCP request's abort signal, no waiting on rate limits). */
  requestOptions: RequestOptions;
}

/** One Omi tool: its MCP metadata, the Developer API scope it needs, and what it does. */
export interface OmiToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  /** The Developer API scope the tool's calls need. */
  scope: Scope;
  /** Whether the tool changes the user's data (switched off by `readOnly`). */
  writes: boolean;
  annotations: ToolAnnotations;
  /** Validates the arguments before any request; failures are `invalid_arguments`. */
  input: I;
  /** What `tools/list` shows when it differs from `input` (stricter, e.g. per-item checks done by `run`). */
  listedInput?: z.ZodType;
  output: O;
  /** What a 404 or 402 is about, for the error message. */
  failureContext?: (args: z.output<I>) => FailureContext;
  run(args: z.output<I>, ctx: ToolContext): Promise<z.input<O>>;
}

export function defineTool<I extends z.ZodType, O extends z.ZodObject>(
  tool: Omit<OmiToolDefinition<I, O>, 'annotations' | 'writes'> & {
    preset: AnnotationPreset;
    annotations?: Partial<ToolAnnotations>;
  },
): OmiToolDefinition<I, O> {
  const { preset, annotations, ...rest } = tool;
  return { ...rest, writes: preset !== 'read', annotations: annotationsFor(preset, annotations) };
}
