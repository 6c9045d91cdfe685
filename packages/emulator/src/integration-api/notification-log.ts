import { randomUUID } from 'node:crypto';
import type { AppNotification } from '@omi-kit/schemas';
import type { Db } from '../store/database.js';

/**
 * What a user's phone would have received: every notification an app pushed, in order, as Omi's
 * FCM message (`"<App name> says"`, with the data the Omi app uses to open the app's chat).
 */
export class NotificationLog {
  constructor(private readonly db: Db) {}

  record(app: { id: string; name: string }, uid: string, message: string, now: Date): AppNotification {
    const notification: AppNotification = {
      id: randomUUID(),
      app_id: app.id,
      uid,
      title: `${app.name} says`,
      body: message,
      data: {
        notification_type: 'plugin',
        from_integration: 'true',
        app_id: app.id,
        navigate_to: `/chat/${app.id}`,
      },
      created_at: now.toISOString(),
    };
    this.db
      .prepare('INSERT INTO app_notifications (uid, app_id, created_at, data) VALUES (?, ?, ?, ?)')
      .run(uid, app.id, notification.created_at, JSON.stringify(notification));
    return notification;
  }

  list(uid: string, appId?: string): AppNotification[] {
    const rows =
      appId === undefined
        ? this.db
            .prepare<[string], { data: string }>(
              'SELECT data FROM app_notifications WHERE uid = ? ORDER BY seq',
            )
            .all(uid)
        : this.db
            .prepare<[string, string], { data: string }>(
              'SELECT data FROM app_notifications WHERE uid = ? AND app_id = ? ORDER BY seq',
            )
            .all(uid, appId);
    return rows.map((r) => JSON.parse(r.data) as AppNotification);
  }
}
