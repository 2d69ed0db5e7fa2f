import { sql, type Kysely } from "kysely";

import type { Database } from "../db/schema";
import { logger } from "../server/logger";
import { purgeOrphanFiles } from "./files/post-files.server";
import { purgeUnusedContent } from "./files/store.server";
import { purgeSubmissionKeys } from "./forum/submission-keys.server";
import { purgeExpiredRateLimits } from "./security/rate-limit.server";

/**
 * The periodic maintenance task of every app process: drops expired rate-limit windows, expired
 * sessions, old submission keys and files never published (docs/files.md). Idempotent, so several processes may run it. The timer does not keep the process
 * alive; the returned function stops it and resolves once a run in progress has finished.
 */

export const MAINTENANCE_INTERVAL_MS = 60 * 60 * 1000;

export async function runMaintenance(db: Kysely<Database>): Promise<void> {
  await purgeExpiredRateLimits(db);
  await db.deleteFrom("user_session").where("expires_at", "<", sql<Date>`now()`).execute();
  await purgeSubmissionKeys(db);
  // Files uploaded but never published, after 24 h; then the bytes no file uses any more.
  await purgeOrphanFiles(db);
  await purgeUnusedContent(db);
}

export function startMaintenance(db: Kysely<Database>, intervalMs = MAINTENANCE_INTERVAL_MS): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const run = async () => {
    try {
      await runMaintenance(db);
    } catch (error) {
      if (!stopped) logger().error({ err: error }, "maintenance run failed");
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
