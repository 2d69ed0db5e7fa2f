import { sql, type RawBuilder, type Transaction } from "kysely";

import type { Database } from "../../db/schema";

/**
 * The set-based statements of split and merge (`thread-moves.server.ts` decides, these move).
 *
 * Order in a receiving thread: its opening post stays first, then every post by `created_at, id`
 * (its own and the moved ones interleaved by date). A new thread's posts are ordered by date, the
 * earliest becoming its opening post. The thread left behind keeps its order, closing the gaps.
 *
 * Read marks (`thread_read.last_read_position`) are positions, so they are translated before
 * anything moves, with one rule: **a mark keeps pointing at the same post** (the last one the
 * member had read), wherever that post now stands. So in a receiving thread, moved posts older
 * than that post count as read and newer ones as unread (nothing new is skipped); in the thread
 * left behind, the mark counts the posts that stayed at or before it. In a merge, a member who had
 * read both threads gets the lower of the two translated marks (never skips a post unread in
 * either); one who had read only the merged thread gets its translated mark. A new thread gives
 * the source's readers a mark on the last moved post they had read, if any.
 */

type Trx = Transaction<Database>;

/** The moved posts: a list for a split, the whole source for a merge. */
function movedSet(sourceId: number, moved: number[] | "all"): RawBuilder<boolean> {
  return moved === "all" ? sql<boolean>`p.thread_id = ${sourceId}` : sql<boolean>`p.id in (${sql.join(moved)})`;
}

/** Every post of the receiving thread once the move is done, with its final position. */
function ranked(targetId: number, moved: RawBuilder<boolean>, keepOpening: boolean) {
  const opening = keepOpening ? sql`(p.thread_id = ${targetId} and p.position = 1) desc,` : sql``;
  return sql`select p.id, row_number() over (order by ${opening} p.created_at, p.id)::integer as rank from post p where p.thread_id = ${targetId} or ${moved}`;
}

export type ReadMarkMove =
  | { kind: "into"; targetId: number; targetLastPosition: number; moved: number[] }
  | { kind: "new"; sourceId: number; targetId: number; moved: number[] }
  | { kind: "out"; sourceId: number; moved: number[] }
  | { kind: "merge"; sourceId: number; sourceLastPosition: number; targetId: number; targetLastPosition: number };

/** Translates read marks; must run before `renumberAndMove` (it reads the old positions). */
export async function moveReadMarks(trx: Trx, move: ReadMarkMove): Promise<void> {
  if (move.kind === "into" || move.kind === "merge") {
    const set = move.kind === "merge" ? movedSet(move.sourceId, "all") : movedSet(0, move.moved);
    await sql`
      with ranked as (${ranked(move.targetId, set, true)})
      update thread_read tr set last_read_position = r.rank, updated_at = now()
      from post a join ranked r on r.id = a.id
      where tr.thread_id = ${move.targetId} and a.thread_id = ${move.targetId}
        and a.position = least(tr.last_read_position, ${move.targetLastPosition})
    `.execute(trx);
  }
  if (move.kind === "merge") {
    await sql`
      with ranked as (${ranked(move.targetId, movedSet(move.sourceId, "all"), true)})
      insert into thread_read (user_id, thread_id, last_read_position)
      select tr.user_id, ${move.targetId}::integer, r.rank
      from thread_read tr
      join post a on a.thread_id = ${move.sourceId} and a.position = least(tr.last_read_position, ${move.sourceLastPosition})
      join ranked r on r.id = a.id
      where tr.thread_id = ${move.sourceId}
      on conflict (user_id, thread_id) do update
        set last_read_position = least(thread_read.last_read_position, excluded.last_read_position), updated_at = now()
    `.execute(trx);
  }
  if (move.kind === "new") {
    await sql`
      with ranked as (${ranked(move.targetId, movedSet(0, move.moved), false)})
      insert into thread_read (user_id, thread_id, last_read_position)
      select tr.user_id, ${move.targetId}::integer, r.rank
      from thread_read tr
      cross join lateral (
        select p.id from post p where ${movedSet(0, move.moved)} and p.position <= tr.last_read_position order by p.position desc limit 1
      ) a
      join ranked r on r.id = a.id
      where tr.thread_id = ${move.sourceId}
    `.execute(trx);
  }
  if (move.kind === "out") {
    await sql`
      update thread_read tr set updated_at = now(), last_read_position = (
        select count(*) from post p where p.thread_id = ${move.sourceId} and p.position <= tr.last_read_position and not (${movedSet(0, move.moved)})
      )
      where tr.thread_id = ${move.sourceId}
    `.execute(trx);
  }
}

/**
 * Moves the posts and leaves both threads numbered 1…n. `post (thread_id, position)` is checked at
 * the end of each statement (migration 024), so positions may pass each other within one.
 * 1. the receiving thread's own posts take their final positions (only `position` changes, so the
 *    search trigger does not run for them);
 * 2. the moved posts take theirs and their new thread (the search trigger gives them the new
 *    thread's header and visibility; hidden posts and unlisted threads stay out of search);
 * 3. a split's source closes its gaps.
 */
export async function renumberAndMove(trx: Trx, move: { sourceId: number; targetId: number; moved: number[] | "all"; keepOpening: boolean }): Promise<void> {
  const set = movedSet(move.sourceId, move.moved);
  await sql`
    with ranked as (${ranked(move.targetId, set, move.keepOpening)})
    update post set position = r.rank from ranked r
    where post.id = r.id and post.thread_id = ${move.targetId} and post.position <> r.rank
  `.execute(trx);
  await sql`
    with ranked as (${ranked(move.targetId, set, move.keepOpening)})
    update post set thread_id = ${move.targetId}, position = r.rank from ranked r
    where post.id = r.id and post.thread_id = ${move.sourceId}
  `.execute(trx);
  if (move.moved !== "all") {
    await sql`
      with ranked as (select id, row_number() over (order by position)::integer as rank from post where thread_id = ${move.sourceId})
      update post set position = r.rank from ranked r
      where post.id = r.id and post.position <> r.rank
    `.execute(trx);
  }
}

/**
 * Reply count, last post and last activity from the posts, and the curation version (a form
 * opened before the move is stale). `lastActivity`: "posts" (the newest post's date), "greatest"
 * (a receiving thread: never earlier than it was), "keep" (nothing newer left).
 */
export async function updateThreadCounters(trx: Trx, threads: { id: number; lastActivity: "posts" | "greatest" | "keep" }[]): Promise<void> {
  for (const t of threads) {
    const lastActivity =
      t.lastActivity === "posts" ? sql`s.last_at` : t.lastActivity === "greatest" ? sql`greatest(thread.last_activity_at, s.last_at)` : sql`thread.last_activity_at`;
    await sql`
      update thread set
        reply_count = s.n - 1,
        last_post_id = s.last_id,
        last_activity_at = ${lastActivity},
        curation_version = curation_version + 1
      from (
        select count(*)::integer as n, max(created_at) as last_at, (array_agg(id order by position desc))[1] as last_id
        from post where thread_id = ${t.id}
      ) s
      where thread.id = ${t.id}
    `.execute(trx);
  }
}
