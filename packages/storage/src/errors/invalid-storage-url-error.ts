import { StorageError } from './storage-error.js';

/** The storage URL could not be understood. `received` has any password replaced by `***`. */
export class InvalidStorageUrlError extends StorageError {
  readonly received: string;

  constructor(message: string, received: string) {
    super('ERR_STORAGE_URL_INVALID', message);
    this.received = received;
  }
}
