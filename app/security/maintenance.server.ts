import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { purgeSubmissionKeys } from "../forum/submission-keys.server";
import { purgeExpiredRateLimits } from "./rate-limit.server";

/** The periodic clean-up every app process runs: old rate-limit windows and submission keys. */
export async function runMaintenance(db: Kysely<Database>): Promise<void> {
  await purgeExpiredRateLimits(db);
  await purgeSubmissionKeys(db);
}

/**
 * Runs `runMaintenance` now and then every `intervalMs` (hourly), logging failures instead of
 * throwing; the timer does not keep the process alive. Returns a function that stops it.
 */
export function startMaintenance(db: Kysely<Database>, intervalMs = 60 * 60 * 1000): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    try {
      await runMaintenance(db);
    } catch (error) {
      if (!stopped) console.error(`[maintenance] échec du nettoyage : ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      if (!stopped) {
        timer = setTimeout(() => void run(), intervalMs);
        timer.unref();
      }
    }
  };
  timer = setTimeout(() => void run(), 0);
  timer.unref();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
