import { StorageError } from './storage-error.js';

/** A store was used after close(). */
export class StorageClosedError extends StorageError {
  constructor(what: string) {
    super('ERR_STORAGE_CLOSED', `${what} was used after close(); open a new storage instead.`);
  }
}
