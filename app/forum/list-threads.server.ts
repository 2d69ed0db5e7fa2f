import { sql, type Kysely, type RawBuilder, type SqlBool } from "kysely";

import type { Database } from "../../db/schema";
import { decodeCursor, encodeCursor } from "./cursor";
import { THREADS_PER_PAGE } from "./kinds";
import type { ThreadSort } from "./list-query";
import { attachTags, canReadMembers, NEW_THREAD_WINDOW, summaryQuery, type SummaryRow, type ThreadFilters, type ThreadSummary } from "./threads.server";
import type { Viewer } from "./viewer";

/**
 * Thread lists (home, thématique, collectivité, gouvernance): one page in the chosen order with
 * keyset pagination, and "Tout marquer comme lu" for the same list. Each order has its index
 * (migrations 003 and 021).
 */

/** The sort key of a row: a number for the counted orders, then an instant and the id. */
interface SortCursor {
  n: number | null;
  at: string;
  id: number;
}

const numericSorts: ReadonlySet<ThreadSort> = new Set(["reponses", "utiles", "sans-reponse"]);

function writeCursor(cursor: SortCursor): string {
  const base = encodeCursor({ at: cursor.at, id: cursor.id });
  return cursor.n === null ? base : `${cursor.n}.${base}`;
}

/** Anything the app did not write is no cursor: the list starts from the top. */
function readCursor(value: string | null, sort: ThreadSort): SortCursor | null {
  if (!value || value.length > 120) return null;
  if (!numericSorts.has(sort)) {
    const c = decodeCursor(value);
    return c ? { n: null, ...c } : null;
  }
  const match = /^(\d{1,10})\.(.+)$/.exec(value);
  if (!match || Number(match[1]) > 2_147_483_647) return null;
  const c = decodeCursor(match[2]!);
  return c ? { n: Number(match[1]), ...c } : null;
}

/** The list's filters as SQL conditions on `thread` (shared by the page and "mark all read"). */
function filterConditions(viewer: Viewer | null, filters: ThreadFilters): RawBuilder<SqlBool>[] {
  const conditions: RawBuilder<SqlBool>[] = [sql<SqlBool>`thread.unlisted_at is null`];
  // Threads the member set to "ignorer" leave their lists.
  if (viewer && canReadMembers(viewer)) {
    conditions.push(
      sql<SqlBool>`not exists (select 1 from thread_watch ignored where ignored.thread_id = thread.id and ignored.user_id = ${viewer.id} and ignored.level = 'ignoring')`,
    );
  }
  if (filters.kind) conditions.push(sql<SqlBool>`thread.kind = ${filters.kind}`);
  if (filters.governanceStatus) conditions.push(sql<SqlBool>`thread.governance_status = ${filters.governanceStatus}`);
  if (filters.collectiviteId) {
    conditions.push(sql<SqlBool>`exists (select 1 from thread_collectivite tc where tc.thread_id = thread.id and tc.collectivite_id = ${filters.collectiviteId})`);
  }
  if (filters.topicId) {
    conditions.push(sql<SqlBool>`exists (select 1 from thread_topic tt where tt.thread_id = thread.id and tt.topic_id = ${filters.topicId})`);
  }
  return conditions;
}

/** The number a counted order sorts on, as SQL and as read from a row. */
function sortNumber(sort: ThreadSort): { expr: RawBuilder<number>; of: (row: SummaryRow) => number } | null {
  switch (sort) {
    case "reponses":
      return { expr: sql<number>`thread.reply_count`, of: (r) => r.replyCount };
    case "utiles":
      return { expr: sql<number>`thread.useful_count`, of: (r) => r.usefulCount };
    case "sans-reponse":
      // false for threads without a reply (first), true for the others: the expression of thread_unanswered_idx.
      return { expr: sql<number>`(thread.reply_count > 0)`, of: (r) => (r.replyCount > 0 ? 1 : 0) };
    default:
      return null;
  }
}

/**
 * A page of threads in the chosen order, with keyset pagination: three queries per page (threads,
 * their collectivités, their thématiques) whatever its length.
 */
export async function listThreads(
  db: Kysely<Database>,
  viewer: Viewer | null,
  filters: ThreadFilters,
  cursorParam: string | null,
  limit = THREADS_PER_PAGE,
): Promise<{ threads: ThreadSummary[]; nextCursor: string | null }> {
  const sort = filters.sort ?? "activite";
  let query = summaryQuery(db, viewer);
  for (const condition of filterConditions(viewer, filters)) query = query.where(condition);
  const cursor = readCursor(cursorParam, sort);
  const numeric = sortNumber(sort);
  const instant = sort === "nouveaux" ? sql`thread.created_at` : sql`thread.last_activity_at`;
  if (cursor) {
    if (numeric && cursor.n !== null) {
      // "sans-reponse" sorts its number ascending (unanswered first), the others descending.
      query =
        sort === "sans-reponse"
          ? query.where(
              sql<SqlBool>`(${numeric.expr} > ${cursor.n === 1}::boolean or (${numeric.expr} = ${cursor.n === 1}::boolean and (thread.last_activity_at, thread.id) < (${cursor.at}::timestamptz, ${cursor.id})))`,
            )
          : query.where(sql<SqlBool>`(${numeric.expr}, thread.last_activity_at, thread.id) < (${cursor.n}, ${cursor.at}::timestamptz, ${cursor.id})`);
    } else {
      query = query.where(sql<SqlBool>`(${instant}, thread.id) < (${cursor.at}::timestamptz, ${cursor.id})`);
    }
  }
  if (numeric) query = query.orderBy(numeric.expr, sort === "sans-reponse" ? "asc" : "desc");
  const rows = await query.orderBy(instant, "desc").orderBy("thread.id", "desc").limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const at = last ? new Date(sort === "nouveaux" ? last.createdAt : last.lastActivityAt).toISOString() : "";
  const nextCursor = rows.length > limit && last ? writeCursor({ n: numeric ? numeric.of(last) : null, at, id: last.id }) : null;
  return { threads: await attachTags(db, page), nextCursor };
}

/**
 * "Tout marquer comme lu": every thread of the list that is unread for the member becomes read, in
 * one statement (only the unread ones get a row, so a whole archive is never written).
 */
export async function markListRead(db: Kysely<Database>, viewer: Viewer, filters: ThreadFilters): Promise<number> {
  if (!canReadMembers(viewer)) return 0;
  const where = sql.join(filterConditions(viewer, filters), sql` and `);
  const result = await sql`
    insert into thread_read (user_id, thread_id, last_read_position)
    select ${viewer.id}, thread.id, thread.reply_count + 1
    from thread
    left join thread_read r on r.thread_id = thread.id and r.user_id = ${viewer.id}
    where thread.deleted_at is null and ${where}
      and (case when r.user_id is null then thread.last_activity_at > now() - ${NEW_THREAD_WINDOW}::interval
           else r.last_read_position < thread.reply_count + 1 end)
    on conflict (user_id, thread_id) do update
      set last_read_position = greatest(thread_read.last_read_position, excluded.last_read_position), updated_at = now()
  `.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
