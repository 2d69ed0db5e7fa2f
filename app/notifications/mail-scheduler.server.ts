import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { startPeriodicTask } from "../lib/periodic-task.server";
import { parseDigestHour } from "./digest-time";
import { sendDueDigests, sendImmediateNotifications } from "./mail.server";

/** How often every process looks for notification mail to queue (immediate mails wait at most this). */
export const NOTIFICATION_MAIL_INTERVAL_MS = 15_000;

/** DIGEST_HOUR, checked at start-up: a wrong value stops it with one line. */
export function digestHourFromEnv(env: Record<string, string | undefined> = process.env): number {
  const hour = parseDigestHour(env.DIGEST_HOUR);
  if (hour === null) throw new Error(`DIGEST_HOUR doit être une heure entière de 0 à 23 (reçu ${JSON.stringify(env.DIGEST_HOUR)}).`);
  return hour;
}

/**
 * Queues immediate notification mails and due digests every `intervalMs`, in every process (the
 * claims in mail.server.ts keep them from sending anything twice), with `startPeriodicTask` (never
 * two runs at a time; the returned function stops it after the run in progress).
 */
export function startNotificationMail(db: Kysely<Database>, digestHour: number, intervalMs = NOTIFICATION_MAIL_INTERVAL_MS): () => Promise<void> {
  const run = async () => {
    await sendImmediateNotifications(db);
    await sendDueDigests(db, { hour: digestHour });
  };
  return startPeriodicTask(run, { intervalMs, failureMessage: "notification mail run failed" });
}
