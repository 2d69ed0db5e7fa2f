import { sql, type Kysely, type Transaction } from "kysely";

import { notify } from "../../db/notify";
import type { Database } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { linkPostFiles } from "../files/post-files.server";
import { can } from "../auth/permissions";
import { POSTS_PER_PAGE } from "./kinds";
import { afterPostCreated } from "../notifications/post-hooks.server";
import { quotedPostIds } from "./quote";
import { renderPostWithMentions } from "./render-post.server";
import { claimSubmissionKey, recordSubmission } from "./submission-keys.server";
import { checkBody, type Errors } from "./validation";
import type { Viewer } from "./viewer";

export interface PostView {
  id: number;
  position: number;
  authorId: number;
  authorName: string;
  /** The author lets visitors see a minimal profile. */
  authorPublicProfile: boolean;
  authorHandle: string;
  authorCollectivite: string | null;
  html: string;
  version: number;
  createdAt: Date;
  editedAt: Date | null;
  deleted: boolean;
  /** Deleted by a moderator (migration 017), with the reason readers see. */
  deletedByModeration: boolean;
  deletedReason: string | null;
  /** Hidden by the moderation (migration 008): readers see the reason, never the body. */
  hidden: boolean;
  hiddenReason: string | null;
}

export { pageOfPosition } from "./pages";

/**
 * One page of a thread: positions are dense, so page n is a range of the (thread_id, position)
 * index. A post's page changes only when moderators move posts or merge threads (docs/decisions/004);
 * `/messages/:id` is the permanent link.
 */
export async function listPostsPage(db: Kysely<Database>, threadId: number, page: number): Promise<PostView[]> {
  const from = (page - 1) * POSTS_PER_PAGE;
  const rows = await db
    .selectFrom("post")
    .innerJoin("app_user as author", "author.id", "post.author_id")
    .leftJoin("collectivite", "collectivite.id", "author.collectivite_id")
    .select([
      "post.id",
      "post.position",
      "post.author_id as authorId",
      "author.display_name as authorName",
      "author.public_profile as authorPublicProfile",
      "author.handle as authorHandle",
      "collectivite.name as authorCollectivite",
      "post.body_html",
      "post.version",
      "post.created_at as createdAt",
      "post.edited_at as editedAt",
      "post.deleted_at",
      "post.deleted_by",
      "post.deleted_reason",
      "post.hidden_at",
      "post.hidden_reason as hiddenReason",
    ])
    .where("post.thread_id", "=", threadId)
    .where("post.position", ">", from)
    .where("post.position", "<=", from + POSTS_PER_PAGE)
    .orderBy("post.position")
    .execute();
  return rows.map(({ body_html, deleted_at, deleted_by, deleted_reason, hidden_at, ...row }) => ({
    ...row,
    deletedByModeration: deleted_at !== null && deleted_by !== null,
    deletedReason: deleted_at !== null && deleted_by !== null ? deleted_reason : null,
    hidden: hidden_at !== null,
    // A deleted post keeps its place in the thread but shows nothing of what it said.
    html: deleted_at ? "" : body_html,
    deleted: deleted_at !== null,
  }));
}

/** Where a post lives: its thread and page, for permalinks and quote links. */
export async function locatePost(db: Kysely<Database>, postId: number) {
  return db
    .selectFrom("post")
    .innerJoin("thread", "thread.id", "post.thread_id")
    .select(["post.id", "post.position", "thread.id as threadId", "thread.slug", "thread.visibility"])
    .where("post.id", "=", postId)
    .executeTakeFirst();
}

export type ReplyResult = { ok: true; postId: number; position: number; repeated: boolean } | { ok: false; errors: Errors; status: 400 | 403 | 404 | 409 };

/**
 * Adds a reply. The thread row is locked while the position is taken, so two simultaneous replies
 * get consecutive positions and the counters stay exact.
 */
export async function createReply(db: Kysely<Database>, author: Viewer, threadId: number, body: string, submissionKey: string | null = null): Promise<ReplyResult> {
  if (!can(author, "post.reply")) return { ok: false, status: 403, errors: { form: "Votre rôle ne permet pas de répondre." } };
  const errors: Errors = {};
  checkBody(body, errors);
  if (Object.keys(errors).length > 0) return { ok: false, status: 400, errors };
  const { html, mentions } = await renderPostWithMentions(db, body);
  return db.transaction().execute(async (trx) => {
    const thread = await trx.selectFrom("thread").select(["id", "reply_count", "locked_at", "visibility"]).where("id", "=", threadId).forUpdate().executeTakeFirst();
    if (!thread) return { ok: false as const, status: 404 as const, errors: { form: "Ce fil n'existe pas." } };
    if (thread.locked_at) return { ok: false as const, status: 409 as const, errors: { form: "Ce fil est verrouillé : il n'accepte plus de réponses." } };
    if (submissionKey) {
      // Claimed while the thread row is locked: a repeat of this submission answers the first reply.
      const claim = await claimSubmissionKey(trx, author.id, submissionKey);
      if (!claim.claimed) {
        const first = claim.postId ? await trx.selectFrom("post").select(["id", "position"]).where("id", "=", claim.postId).executeTakeFirst() : undefined;
        if (first) return { ok: true as const, postId: first.id, position: first.position, repeated: true };
        return { ok: false as const, status: 409 as const, errors: { form: "Ce formulaire a déjà été envoyé." } };
      }
    }
    const position = thread.reply_count + 2;
    const post = await trx
      .insertInto("post")
      .values({ thread_id: threadId, position, author_id: author.id, body_markdown: body, body_html: html })
      .returning(["id", "created_at"])
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("thread")
      .set({ reply_count: thread.reply_count + 1, last_activity_at: post.created_at, last_post_id: post.id })
      .where("id", "=", threadId)
      .execute();
    await markReadIn(trx, author.id, threadId, position);
    await linkPostFiles(trx, post.id, author.id, body, { isNew: true });
    await afterPostCreated(trx, {
      threadId,
      postId: post.id,
      authorId: author.id,
      opensThread: false,
      visibility: thread.visibility,
      mentions,
      quotedPostIds: quotedPostIds(body),
    });
    if (submissionKey) await recordSubmission(trx, author.id, submissionKey, { threadId, postId: post.id });
    // Live updates (app/live): delivered to every app process at commit, dropped on rollback.
    await notify(trx, "thread_posts", String(threadId));
    return { ok: true as const, postId: post.id, position, repeated: false };
  });
}

/**
 * Soft delete by the author: the post keeps its place, shown as deleted. The opening post of a
 * thread with no live reply takes the thread with it (hidden from lists and search, its URL a 410).
 * One journal entry, in the same transaction. Null when there is nothing of the actor's to delete.
 */
export async function deletePost(db: Kysely<Database>, actor: Viewer, postId: number): Promise<{ threadDeleted: boolean } | null> {
  if (!can(actor, "post.deleteOwn")) return null;
  return db.transaction().execute(async (trx) => {
    const post = await trx
      .updateTable("post")
      .set({ deleted_at: sql<Date>`now()` })
      .where("id", "=", postId)
      .where("author_id", "=", actor.id)
      .where("deleted_at", "is", null)
      .returning(["thread_id", "position", "author_id"])
      .executeTakeFirst();
    if (!post) return null;
    const threadDeleted = await deleteThreadIfOpeningGone(trx, post);
    await recordAudit(trx, {
      actorId: actor.id,
      action: "post.deleted",
      targetUserId: post.author_id,
      details: { postId, threadId: post.thread_id, position: post.position, threadDeleted },
    });
    return { threadDeleted };
  });
}

/** The opening post of a thread with no live post left takes the thread with it; true if it did. */
export async function deleteThreadIfOpeningGone(trx: Transaction<Database>, post: { thread_id: number; position: number }): Promise<boolean> {
  if (post.position !== 1) return false;
  const live = await trx.selectFrom("post").select("id").where("thread_id", "=", post.thread_id).where("deleted_at", "is", null).limit(1).executeTakeFirst();
  if (live) return false;
  await trx.updateTable("thread").set({ deleted_at: sql<Date>`now()` }).where("id", "=", post.thread_id).execute();
  return true;
}

async function markReadIn(db: Kysely<Database>, userId: number, threadId: number, position: number): Promise<void> {
  await db
    .insertInto("thread_read")
    .values({ user_id: userId, thread_id: threadId, last_read_position: position })
    .onConflict((oc) =>
      oc.columns(["user_id", "thread_id"]).doUpdateSet({
        last_read_position: sql<number>`greatest(thread_read.last_read_position, excluded.last_read_position)`,
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

/** Remembers how far a member has read; never moves backwards. */
export function markRead(db: Kysely<Database>, userId: number, threadId: number, position: number): Promise<void> {
  return markReadIn(db, userId, threadId, position);
}

/** The first post this member has not read, if any. */
export async function firstUnreadPost(db: Kysely<Database>, userId: number, threadId: number) {
  return db
    .selectFrom("post")
    .leftJoin("thread_read", (join) => join.onRef("thread_read.thread_id", "=", "post.thread_id").on("thread_read.user_id", "=", userId))
    .select(["post.id", "post.position"])
    .where("post.thread_id", "=", threadId)
    .where(sql<boolean>`post.position > coalesce(thread_read.last_read_position, 0)`)
    .where(sql<boolean>`thread_read.user_id is not null`)
    .orderBy("post.position")
    .limit(1)
    .executeTakeFirst();
}

/** A post of this thread to quote in a reply; nothing if deleted or elsewhere. */
export async function findQuotablePost(db: Kysely<Database>, threadId: number, postId: number) {
  return db
    .selectFrom("post")
    .innerJoin("app_user as author", "author.id", "post.author_id")
    .select(["post.id", "post.body_markdown as markdown", "author.display_name as authorName"])
    .where("post.id", "=", postId)
    .where("post.thread_id", "=", threadId)
    .where("post.deleted_at", "is", null)
    .executeTakeFirst();
}
