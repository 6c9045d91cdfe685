import { PluginError } from './plugin-error.js';

/** Omi's Integration API answered with an error status (built-in client only). */
export class OmiApiError extends PluginError {
  override name = 'OmiApiError';
  readonly status: number;
  readonly operation: string;

  constructor(operation: string, status: number, detail: string) {
    super('ERR_OMI_API', `Omi answered ${status} to ${operation}: ${detail}`);
    this.status = status;
    this.operation = operation;
  }
}
