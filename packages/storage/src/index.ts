export { type Clock, systemClock } from './clock.js';
export { InvalidStorageUrlError } from './errors/invalid-storage-url-error.js';
export { ReservationLostError } from './errors/reservation-lost-error.js';
export { StorageAdapterUnavailableError } from './errors/storage-adapter-unavailable-error.js';
export { StorageClosedError } from './errors/storage-closed-error.js';
export { StorageError, type StorageErrorCode } from './errors/storage-error.js';
export type {
  EnqueueOptions,
  EnqueueResult,
  FailOptions,
  FailResult,
  Job,
  JobInfo,
  JobQueue,
  JobState,
  ListOptions,
  QueueStats,
  RequeueOptions,
  ReserveOptions,
} from './job-queue.js';
export type { KeyValueStore, SetOptions } from './kv-store.js';
export type { Logger } from './logger.js';
export { createManualClock, type ManualClock } from './manual-clock.js';
export { createMemoryStorage, type MemoryStorageOptions } from './memory/create-memory-storage.js';
export { type OpenStorageOptions, openStorage } from './open-storage.js';
export { isRawJson, type RawJson, rawJson } from './raw-json.js';
export { redactUrl } from './redact-url.js';
export { defaultRetryPolicy, type RetryPolicy, retryDelay } from './retry-policy.js';
export { createSqliteStorage, type SqliteStorageOptions } from './sqlite/create-sqlite-storage.js';
export type { Storage, StorageKind } from './storage.js';
export type { StorageOptions } from './storage-options.js';
export { DEFAULT_SQLITE_FILE, parseStorageUrl, type StorageTarget } from './storage-url.js';
export type { StoredToken, TokenRecord, TokenStore } from './token-store.js';
export { createWorker, type JobContext, type JobHandler, type Worker, type WorkerOptions } from './worker.js';
