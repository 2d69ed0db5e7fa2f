import { sql, type Kysely } from "kysely";

import { notify } from "../../db/notify";
import type { Database } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { slugify } from "../forum/slug";
import { notifyPostsMoved } from "../notifications/events.server";
import type { FormErrors } from "./moderation-form";
import { allowedOrJournaled, type Moderator } from "./refusal.server";
import {
  exposureWarnings,
  foreignPostMessage,
  governanceHistoryMessage,
  governanceMergeMessage,
  invalid,
  lockThreads,
  missing,
  missingTargetMessage,
  openingPostMessage,
  postViews,
  refOf,
  refused,
  resolveThreadId,
  sameThreadMessage,
  stale,
  type MovedPostView,
  type ThreadRef,
} from "./thread-move-checks.server";
import type { MoveRequest } from "./thread-move-form";
import { moveReadMarks, renumberAndMove, updateThreadCounters } from "./thread-moves-sql.server";

/**
 * Split and merge (issue 9, item 4; docs/moderation.md). A moderator moves chosen posts of a
 * thread to another thread or to a new one, or merges a whole thread into another. Posts keep
 * their id, author, dates, revisions, reports and marks; `/messages/:id` finds them where they
 * are. One transaction per act: both thread rows locked (in id order), the form's version checked,
 * the read marks translated, the posts moved and both threads renumbered densely, the counters,
 * notifications and watchers updated, one journal entry. A merged thread is deleted and its
 * address redirects (`thread_redirect`). Called without `confirmed`, the same checks run and the
 * plan comes back for the confirmation page; nothing is written.
 */

export interface MovePlan {
  source: ThreadRef;
  /** The thread the posts go to; `id` 0 for a new thread. */
  target: ThreadRef & { isNew: boolean; version: number };
  posts: MovedPostView[];
  postCount: number;
  warnings: string[];
}

export type MoveResult =
  | { ok: true; done: false; plan: MovePlan }
  | { ok: true; done: true; target: { id: number; slug: string }; firstPostId: number; firstPosition: number }
  | { ok: false; status: 400 | 403 | 404 | 409; errors: FormErrors };

/**
 * Moves `request.postIds` of thread `sourceId` to another thread or to a new one. Without
 * `confirmed`, checks everything and returns the plan; with it, moves (the versions must be those
 * the confirmation page showed).
 */
export async function movePosts(
  db: Kysely<Database>,
  actor: Moderator,
  sourceId: number,
  request: MoveRequest,
  versions: { source: number; target: number | null },
  confirmed: boolean,
): Promise<MoveResult> {
  if (!(await allowedOrJournaled(db, actor, "thread.split", { act: "thread.split", target: { threadId: sourceId } }))) return refused;
  const targetId = request.target.kind === "existing" ? await resolveThreadId(db, request.target.threadId) : null;
  if (targetId === sourceId) return invalid({ target: sameThreadMessage });
  return db.transaction().execute(async (trx): Promise<MoveResult> => {
    const locked = await lockThreads(trx, targetId === null ? [sourceId] : [sourceId, targetId]);
    const source = locked.get(sourceId);
    if (!source) return missing;
    if (source.curation_version !== versions.source) return stale;
    const target = targetId === null ? null : locked.get(targetId);
    if (targetId !== null && !target) return invalid({ target: missingTargetMessage });
    if (target && versions.target !== null && target.curation_version !== versions.target) return stale;

    const posts = await trx.selectFrom("post").select(["id", "position", "created_at"]).where("thread_id", "=", sourceId).where("id", "in", request.postIds).execute();
    if (posts.length !== request.postIds.length) return invalid({ postIds: foreignPostMessage });
    if (posts.some((p) => p.position === 1)) return invalid({ postIds: openingPostMessage });

    const newTitle = request.target.kind === "new" ? request.target.title : null;
    if (!confirmed) {
      return {
        ok: true,
        done: false,
        plan: {
          source: refOf(source),
          target: target
            ? { ...refOf(target), isNew: false, version: target.curation_version }
            : { id: 0, slug: slugify(newTitle!), title: newTitle!, kind: source.kind, visibility: source.visibility, isNew: true, version: 0 },
          posts: await postViews(trx, request.postIds),
          postCount: posts.length,
          warnings: target ? exposureWarnings(source, target, target.locked_at !== null) : [],
        },
      };
    }

    const moved = request.postIds;
    let destination: { id: number; slug: string; title: string };
    if (target) {
      destination = target;
      await moveReadMarks(trx, { kind: "into", targetId: target.id, targetLastPosition: target.reply_count + 1, moved });
    } else {
      // The new thread: the source's kind, visibility and tags; its author and date are those of
      // its first post (the earliest moved), as if it had been started there.
      const first = [...posts].sort((a, b) => +new Date(a.created_at) - +new Date(b.created_at) || a.id - b.id)[0]!;
      const firstAuthor = await trx.selectFrom("post").select("author_id").where("id", "=", first.id).executeTakeFirstOrThrow();
      const created = await trx
        .insertInto("thread")
        .values({
          slug: slugify(newTitle!),
          title: newTitle!,
          kind: source.kind,
          visibility: source.visibility,
          author_id: firstAuthor.author_id,
          created_at: first.created_at,
          last_activity_at: first.created_at,
        })
        .returning(["id", "slug", "title"])
        .executeTakeFirstOrThrow();
      await trx.insertInto("thread_collectivite").columns(["thread_id", "collectivite_id"]).expression(trx.selectFrom("thread_collectivite").select([sql<number>`${created.id}::integer`.as("thread_id"), "collectivite_id"]).where("thread_id", "=", sourceId)).execute();
      await trx.insertInto("thread_topic").columns(["thread_id", "topic_id"]).expression(trx.selectFrom("thread_topic").select([sql<number>`${created.id}::integer`.as("thread_id"), "topic_id"]).where("thread_id", "=", sourceId)).execute();
      // Those who followed the conversation follow its continuation.
      await trx
        .insertInto("thread_watch")
        .columns(["user_id", "thread_id", "level"])
        .expression(trx.selectFrom("thread_watch").select(["user_id", sql<number>`${created.id}::integer`.as("thread_id"), "level"]).where("thread_id", "=", sourceId).where("level", "=", "watching"))
        .execute();
      destination = created;
      await moveReadMarks(trx, { kind: "new", sourceId, targetId: created.id, moved });
    }
    await moveReadMarks(trx, { kind: "out", sourceId, moved });
    await renumberAndMove(trx, { sourceId, targetId: destination.id, moved, keepOpening: target !== undefined && target !== null });
    await trx.updateTable("notification").set({ thread_id: destination.id }).where("post_id", "in", moved).execute();
    await updateThreadCounters(trx, [
      { id: sourceId, lastActivity: source.last_post_id !== null && moved.includes(source.last_post_id) ? "posts" : "keep" },
      { id: destination.id, lastActivity: target ? "greatest" : "posts" },
    ]);
    await recordAudit(trx, {
      actorId: actor.id,
      action: "thread.posts_moved",
      details: {
        threadId: sourceId,
        title: source.title,
        targetThreadId: destination.id,
        targetTitle: destination.title,
        newThread: !target,
        postIds: [...moved].sort((a, b) => a - b),
        positions: posts.map((p) => p.position).sort((a, b) => a - b),
      },
    });
    await notifyPostsMoved(trx, { posts: { ids: moved }, actorId: actor.id, from: source.title, to: destination });
    await notify(trx, "thread_posts", String(sourceId));
    await notify(trx, "thread_posts", String(destination.id));
    const firstMoved = await trx.selectFrom("post").select(["id", "position"]).where("id", "in", moved).orderBy("position").limit(1).executeTakeFirstOrThrow();
    return { ok: true, done: true, target: { id: destination.id, slug: destination.slug }, firstPostId: firstMoved.id, firstPosition: firstMoved.position };
  });
}

export interface MergePlan {
  source: ThreadRef;
  target: ThreadRef & { version: number };
  postCount: number;
  warnings: string[];
}

export type MergeResult =
  | { ok: true; done: false; plan: MergePlan }
  | { ok: true; done: true; target: { id: number; slug: string } }
  | { ok: false; status: 400 | 403 | 404 | 409; errors: FormErrors };

/**
 * Merges thread `sourceId` into `targetRef`: every post moves (ordered by date among the target's,
 * whose opening post stays first), readers' marks and `suivre` choices follow, the source is
 * deleted and its address redirects to the target.
 */
export async function mergeThread(
  db: Kysely<Database>,
  actor: Moderator,
  sourceId: number,
  targetRef: number,
  versions: { source: number; target: number | null },
  confirmed: boolean,
): Promise<MergeResult> {
  if (!(await allowedOrJournaled(db, actor, "thread.merge", { act: "thread.merge", target: { threadId: sourceId } }))) return refused;
  const targetId = await resolveThreadId(db, targetRef);
  if (targetId === sourceId) return invalid({ target: sameThreadMessage });
  return db.transaction().execute(async (trx): Promise<MergeResult> => {
    const locked = await lockThreads(trx, [sourceId, targetId]);
    const source = locked.get(sourceId);
    if (!source) return missing;
    if (source.curation_version !== versions.source) return stale;
    const target = locked.get(targetId);
    if (!target) return invalid({ target: missingTargetMessage });
    if (versions.target !== null && target.curation_version !== versions.target) return stale;
    if (source.kind === "gouvernance" && target.kind !== "gouvernance") return invalid({ target: governanceMergeMessage });
    if (source.kind === "gouvernance") {
      const history = await trx
        .selectNoFrom((eb) => [
          eb
            .or([
              eb.exists(eb.selectFrom("governance_event").select("id").where("thread_id", "=", sourceId)),
              eb.exists(eb.selectFrom("reference_version").select("id").where("thread_id", "=", sourceId)),
              eb.exists(eb.selectFrom("governance_decision").select("id").where("thread_id", "=", sourceId)),
            ])
            .as("has"),
        ])
        .executeTakeFirstOrThrow();
      if (history.has) return invalid({ form: governanceHistoryMessage });
    }
    if (!confirmed) {
      return {
        ok: true,
        done: false,
        plan: { source: refOf(source), target: { ...refOf(target), version: target.curation_version }, postCount: source.reply_count + 1, warnings: exposureWarnings(source, target, target.locked_at !== null) },
      };
    }

    // Told before the posts move, while they are still the source's.
    await notifyPostsMoved(trx, { posts: { threadId: sourceId }, actorId: actor.id, from: source.title, to: target });
    await moveReadMarks(trx, { kind: "merge", sourceId, sourceLastPosition: source.reply_count + 1, targetId, targetLastPosition: target.reply_count + 1 });
    await renumberAndMove(trx, { sourceId, targetId, moved: "all", keepOpening: true });
    await trx.updateTable("notification").set({ thread_id: targetId }).where("thread_id", "=", sourceId).execute();
    // `suivre` choices follow (a choice already made on the target wins); other levels were about the other conversation.
    await trx
      .insertInto("thread_watch")
      .columns(["user_id", "thread_id", "level"])
      .expression(trx.selectFrom("thread_watch").select(["user_id", sql<number>`${targetId}::integer`.as("thread_id"), "level"]).where("thread_id", "=", sourceId).where("level", "=", "watching"))
      .onConflict((oc) => oc.columns(["user_id", "thread_id"]).doNothing())
      .execute();
    await trx.updateTable("submission_key").set({ thread_id: targetId }).where("thread_id", "=", sourceId).execute();
    // No chains: addresses that led to the source now lead to the target.
    await trx.updateTable("thread_redirect").set({ target_thread_id: targetId }).where("target_thread_id", "=", sourceId).execute();
    await trx.insertInto("thread_redirect").values({ old_thread_id: sourceId, old_slug: source.slug, old_title: source.title, target_thread_id: targetId }).execute();
    await trx.deleteFrom("thread").where("id", "=", sourceId).execute();
    await updateThreadCounters(trx, [{ id: targetId, lastActivity: "greatest" }]);
    await recordAudit(trx, {
      actorId: actor.id,
      action: "thread.merged",
      details: { threadId: sourceId, title: source.title, slug: source.slug, targetThreadId: targetId, targetTitle: target.title, postCount: source.reply_count + 1 },
    });
    await notify(trx, "thread_posts", String(targetId));
    return { ok: true, done: true, target: { id: target.id, slug: target.slug } };
  });
}
