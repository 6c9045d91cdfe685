import { StorageError } from './storage-error.js';

/**
 * The job is no longer held under this reservation token: its visibility timeout passed and another
 * worker reserved it, or it was already acked or failed. The stale call changed nothing.
 */
export class ReservationLostError extends StorageError {
  readonly queue: string;
  readonly jobId: string;

  constructor(queue: string, jobId: string) {
    super(
      'ERR_STORAGE_RESERVATION_LOST',
      `Job "${jobId}" in queue "${queue}" is no longer reserved by this token: its visibility timeout ` +
        'passed and it was delivered again, or it was already acked or failed. Nothing was changed; ' +
        'use a visibility timeout longer than the job takes, or extend() it while the job runs.',
    );
    this.queue = queue;
    this.jobId = jobId;
  }
}
