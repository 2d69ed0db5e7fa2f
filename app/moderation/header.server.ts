import { sql, type Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { can, type Actor } from "../auth/permissions";
import { takeNotices } from "./notices.server";
import { countOpenReports } from "./reports.server";
import type { PendingWarning } from "./warnings.server";

/** What every page's header needs from moderation: the open reports (moderators), the member's notices and unacknowledged warnings. */
export async function loadModerationHeader(db: Kysely<Database>, user: (Actor & { id: number }) | null) {
  if (!user) return { openReports: null, notices: [], warnings: [] };
  const [openReports, { notices, warnings }] = await Promise.all([
    can(user, "reports.handle") ? countOpenReports(db) : Promise.resolve(null),
    noticesAndWarnings(db, user.id),
  ]);
  return { openReports, notices, warnings };
}

/**
 * The member's pending warnings and unseen notices in one read, on every signed-in page. Only when
 * there is a notice to show (rarely) are the notices then taken, i.e. marked seen by the statement
 * that returns them (takeNotices), so that a notice is shown once even to two pages at the same
 * time; the common visit writes nothing.
 */
async function noticesAndWarnings(db: Kysely<Database>, userId: number): Promise<{ notices: { id: number; body: string }[]; warnings: PendingWarning[] }> {
  const rows = await db
    .selectFrom("member_warning")
    .select([sql<"warning" | "notice">`'warning'`.as("kind"), "id", "reason as text", "created_at as createdAt"])
    .where("user_id", "=", userId)
    .where("acknowledged_at", "is", null)
    .unionAll(
      db
        .selectFrom("member_notice")
        .select([sql<"warning" | "notice">`'notice'`.as("kind"), "id", "body as text", "created_at as createdAt"])
        .where("user_id", "=", userId)
        .where("seen_at", "is", null),
    )
    .execute();
  const warnings = rows
    .filter((row) => row.kind === "warning")
    .map((row) => ({ id: row.id, reason: row.text, createdAt: row.createdAt }))
    .sort((a, b) => a.id - b.id);
  const notices = rows.some((row) => row.kind === "notice") ? await takeNotices(db, userId) : [];
  return { notices, warnings };
}
