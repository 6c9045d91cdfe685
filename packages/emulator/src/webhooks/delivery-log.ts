import type { Db } from '../store/database.js';
import type { WebhookDelivery } from './deliver-webhook.js';

/** A finished delivery to a registered app, as `GET /_emulator/deliveries` lists it. */
export interface DeliveryRecord {
  id: number;
  app_id: string;
  uid: string;
  event: string;
  conversation_id: string | null;
  url: string;
  delivery_id: string;
  idempotency_key: string | null;
  signed: boolean;
  ok: boolean;
  status: number | null;
  latency_ms: number;
  reply: unknown;
  error: string | null;
  attempts: {
    attempt: number;
    status: number | null;
    ok: boolean;
    latency_ms: number;
    reply: unknown;
    error: string | null;
    retry_in_ms: number | null;
  }[];
  started_at: string;
  finished_at: string;
}

const KEEP = 500;

/** The last deliveries the emulator made to registered apps (newest 500 kept). */
export class DeliveryLog {
  constructor(private readonly db: Db) {
    db.exec(`CREATE TABLE IF NOT EXISTS webhook_deliveries (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      app_id TEXT NOT NULL,
      uid TEXT NOT NULL,
      data TEXT NOT NULL
    )`);
  }

  add(
    appId: string,
    conversationId: string | null,
    delivery: WebhookDelivery,
    startedAt: Date,
    finishedAt: Date,
  ): DeliveryRecord {
    const record: Omit<DeliveryRecord, 'id'> = {
      app_id: appId,
      uid: delivery.uid,
      event: delivery.event,
      conversation_id: conversationId,
      url: delivery.url,
      delivery_id: delivery.deliveryId,
      idempotency_key: delivery.idempotencyKey,
      signed: delivery.signed,
      ok: delivery.ok,
      status: delivery.status,
      latency_ms: delivery.latencyMs,
      reply: delivery.reply,
      error: delivery.error?.message ?? null,
      attempts: delivery.attempts.map((a) => ({
        attempt: a.attempt,
        status: a.status,
        ok: a.ok,
        latency_ms: a.latencyMs,
        reply: a.reply,
        error: a.error?.message ?? null,
        retry_in_ms: a.retryInMs,
      })),
      started_at: startedAt.toISOString(),
      finished_at: finishedAt.toISOString(),
    };
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO webhook_deliveries (app_id, uid, data) VALUES (?, ?, ?)')
      .run(appId, delivery.uid, JSON.stringify(record));
    this.db.prepare('DELETE FROM webhook_deliveries WHERE seq <= ?').run(Number(lastInsertRowid) - KEEP);
    return { id: Number(lastInsertRowid), ...record };
  }

  /** Newest first, optionally for one app and/or one user. */
  list(filter: { appId?: string; uid?: string; limit?: number } = {}): DeliveryRecord[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.appId) {
      where.push('app_id = ?');
      args.push(filter.appId);
    }
    if (filter.uid) {
      where.push('uid = ?');
      args.push(filter.uid);
    }
    args.push(filter.limit ?? 50);
    return this.db
      .prepare<(string | number)[], { seq: number; data: string }>(
        `SELECT seq, data FROM webhook_deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY seq DESC LIMIT ?`,
      )
      .all(...args)
      .map((r) => ({ id: r.seq, ...(JSON.parse(r.data) as Omit<DeliveryRecord, 'id'>) }));
  }

  reset(): void {
    this.db.prepare('DELETE FROM webhook_deliveries').run();
  }
}
