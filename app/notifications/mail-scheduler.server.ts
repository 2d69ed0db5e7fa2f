import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { logger } from "../../server/logger";
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
 * claims in mail.server.ts keep them from sending anything twice). Never two runs at a time; the
 * timer does not keep the process alive; the returned function stops it after the run in progress.
 */
export function startNotificationMail(db: Kysely<Database>, digestHour: number, intervalMs = NOTIFICATION_MAIL_INTERVAL_MS): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const run = async () => {
    if (stopped) return;
    try {
      await sendImmediateNotifications(db);
      await sendDueDigests(db, { hour: digestHour });
    } catch (error) {
      if (!stopped) logger().error({ err: error }, "notification mail run failed");
    }
  };
  const timer = setInterval(() => {
    running = running.then(run);
  }, intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
    return running;
  };
}
