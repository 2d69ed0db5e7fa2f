import { sql, type Kysely } from "kysely";

import type { Database } from "../db/schema";
import { purgeOrphanFiles } from "./files/post-files.server";
import { purgeUnusedContent } from "./files/store.server";
import { purgeSubmissionKeys } from "./forum/submission-keys.server";
import { startPeriodicTask } from "./lib/periodic-task.server";
import { purgeExpiredRateLimits } from "./security/rate-limit.server";

/**
 * The periodic maintenance task of every app process: drops expired rate-limit windows, expired
 * sessions, old submission keys and files never published (docs/files.md). Idempotent, so several
 * processes may run it. Scheduled by `startPeriodicTask` (one run at a time, stops after the run in
 * progress).
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
  return startPeriodicTask(() => runMaintenance(db), { intervalMs, failureMessage: "maintenance run failed" });
}
