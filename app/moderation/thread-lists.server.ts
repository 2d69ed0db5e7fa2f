import { sql, type Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { attachTags, summaryQuery, type ThreadSummary } from "../forum/threads.server";
import type { Viewer } from "../forum/viewer";

/** At most this many pinned and featured threads head a list. */
const CURATED_LIMIT = 10;

/**
 * The pinned threads (and, on the home page, the featured ones) that head the first page of a
 * list: a small query of its own on the partial indexes of migration 008, so the keyset order of
 * the main list never changes. Three queries (threads, collectivités, thématiques).
 */
export async function listCuratedThreads(
  db: Kysely<Database>,
  viewer: Viewer | null,
  scope: { topicId: number | null },
): Promise<{ pinned: ThreadSummary[]; featured: ThreadSummary[] }> {
  const active = sql<boolean>`thread.pinned_at is not null and (thread.pinned_until is null or thread.pinned_until > now())`;
  let query = summaryQuery(db, viewer).where("thread.unlisted_at", "is", null);
  const topicId = scope.topicId;
  query =
    topicId === null
      ? query.where((eb) => eb.or([eb.and([active, eb("thread.pinned_topic_id", "is", null)]), eb("thread.featured_at", "is not", null)]))
      : query.where((eb) =>
          eb.and([
            active,
            eb.or([
              eb("thread.pinned_topic_id", "=", topicId),
              eb.and([
                eb("thread.pinned_topic_id", "is", null),
                eb.exists(eb.selectFrom("thread_topic as tt").select("tt.thread_id").whereRef("tt.thread_id", "=", "thread.id").where("tt.topic_id", "=", topicId)),
              ]),
            ]),
          ]),
        );
  const rows = await query.orderBy("thread.last_activity_at", "desc").orderBy("thread.id", "desc").limit(CURATED_LIMIT * 2).execute();
  const threads = await attachTags(db, rows);
  return {
    pinned: threads.filter((t) => t.pinned).slice(0, CURATED_LIMIT),
    featured: topicId === null ? threads.filter((t) => t.featured).slice(0, CURATED_LIMIT) : [],
  };
}

/** The first page of a list: pinned threads first (marked), then the others in activity order. */
export function pinnedFirst(pinned: ThreadSummary[], threads: ThreadSummary[]): ThreadSummary[] {
  const ids = new Set(pinned.map((t) => t.id));
  return [...pinned, ...threads.filter((t) => !ids.has(t.id))];
}
