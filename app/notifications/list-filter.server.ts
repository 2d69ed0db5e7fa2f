import type { ExpressionBuilder } from "kysely";

import type { Database } from "../../db/schema";

/**
 * For thread lists: leaves out the threads this member set to "ignorer" (a primary-key probe of
 * thread_watch per listed thread, so the list stays one indexed query).
 */
export function notIgnoredBy(memberId: number) {
  return (eb: ExpressionBuilder<Database, "thread">) =>
    eb.not(
      eb.exists(
        eb
          .selectFrom("thread_watch as ignored")
          .select("ignored.thread_id")
          .whereRef("ignored.thread_id", "=", "thread.id")
          .where("ignored.user_id", "=", memberId)
          .where("ignored.level", "=", "ignoring"),
      ),
    );
}
