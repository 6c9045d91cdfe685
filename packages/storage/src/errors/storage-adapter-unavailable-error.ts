import { StorageError } from './storage-error.js';

/** The URL names a backend (PostgreSQL, Redis) that this package cannot open yet. */
export class StorageAdapterUnavailableError extends StorageError {
  readonly scheme: string;

  constructor(message: string, scheme: string) {
    super('ERR_STORAGE_ADAPTER_UNAVAILABLE', message);
    this.scheme = scheme;
  }
}
