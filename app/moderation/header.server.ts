import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { can, type Actor } from "../auth/permissions";
import { takeNotices } from "./notices.server";
import { countOpenReports } from "./reports.server";
import { pendingWarnings } from "./warnings.server";

/** What every page's header needs from moderation: the open reports (moderators), the member's notices and unacknowledged warnings. */
export async function loadModerationHeader(db: Kysely<Database>, user: (Actor & { id: number }) | null) {
  if (!user) return { openReports: null, notices: [], warnings: [] };
  const [openReports, notices, warnings] = await Promise.all([
    can(user, "reports.handle") ? countOpenReports(db) : Promise.resolve(null),
    takeNotices(db, user.id),
    pendingWarnings(db, user.id),
  ]);
  return { openReports, notices, warnings };
}
