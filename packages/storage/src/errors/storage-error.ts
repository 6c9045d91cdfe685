/** Every stable error code this package throws. Match on `error.code`, never on the message. */
export type StorageErrorCode =
  | 'ERR_STORAGE_URL_INVALID'
  | 'ERR_STORAGE_ADAPTER_UNAVAILABLE'
  | 'ERR_STORAGE_RESERVATION_LOST'
  | 'ERR_STORAGE_CLOSED'
  | 'ERR_STORAGE_INVALID_ARGUMENT'
  | 'ERR_STORAGE_NOT_A_NUMBER'
  | 'ERR_STORAGE_SCHEMA_TOO_NEW';

/** Base class of every error thrown by @omi-kit/storage. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
