export { type AnnotationPreset, annotationPresets } from './annotations.js';
export { bounds } from './bounds.js';
export {
  createOmiMcpServer,
  DEFAULT_INSTRUCTIONS,
  OmiMcpServer,
  type OmiMcpServerOptions,
} from './create-omi-mcp-server.js';
export type { OmiToolDefinition, ToolContext } from './define-tool.js';
export * from './http/index.js';
export { type LineLogger, logToolCall } from './log-tool-call.js';
export { createStderrLogger, type Logger, redactPaths } from './logger.js';
export { ToolErrorPayload } from './output-schema.js';
export {
  type OmiToolsOptions,
  type OmiToolsRegistration,
  registerOmiTools,
  type ToolCallEvent,
} from './register-omi-tools.js';
export { type ServeStdioOptions, type StdioServerHandle, serveStdio } from './serve-stdio.js';
export { INTERNAL_ERROR_MESSAGE, OmiToolError, type ToolErrorCode, toolErrorCodes } from './tool-error.js';
export { toolErrorFrom } from './tool-error-from.js';
export { normalizeScopes } from './tool-scopes.js';
export { type OmiToolName, omiToolNames, omiTools } from './tools/index.js';
export { VERSION } from './version.js';
