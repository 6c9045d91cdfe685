import { StorageError } from './errors/storage-error.js';

// Checked at the interface edge so that every adapter rejects the same bad input the same way.

export function checkName(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new StorageError('ERR_STORAGE_INVALID_ARGUMENT', `${what} must be a non-empty string.`);
  }
  return value;
}

/** A duration in milliseconds: finite and >= 0 (or > 0 when `positive`). */
export function checkDuration(value: unknown, what: string, positive = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw new StorageError(
      'ERR_STORAGE_INVALID_ARGUMENT',
      `${what} must be a finite number of milliseconds ${positive ? '> 0' : '>= 0'}; received ${String(value)}.`,
    );
  }
  return value;
}

export function checkPositiveInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new StorageError(
      'ERR_STORAGE_INVALID_ARGUMENT',
      `${what} must be an integer >= 1; received ${String(value)}.`,
    );
  }
  return value;
}

export function checkFiniteNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new StorageError(
      'ERR_STORAGE_INVALID_ARGUMENT',
      `${what} must be a finite number; received ${String(value)}.`,
    );
  }
  return value;
}

export function checkCount(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new StorageError(
      'ERR_STORAGE_INVALID_ARGUMENT',
      `${what} must be an integer >= 0; received ${String(value)}.`,
    );
  }
  return value;
}
