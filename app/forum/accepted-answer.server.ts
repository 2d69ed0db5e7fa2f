import { sql, type Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { can } from "../auth/permissions";
import type { Viewer } from "./viewer";

/**
 * Accepted answers (issue 14, item 1): the author of a question, or a moderator, marks one reply
 * as the answer, changes it or withdraws it. A moderator acting on someone else's question writes
 * one journal entry. The thread then counts as "résolu" in lists and search (`statut:resolu`).
 */

export type AcceptResult = { ok: true; acceptedPostId: number | null } | { ok: false; status: 400 | 403 | 404; message: string };

const missing = { ok: false, status: 404, message: "Ce message n'existe pas ou ne vous est pas accessible." } as const;

function validId(id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= 2_147_483_647;
}

/** Whether this viewer may accept an answer in a thread of this author (rights only, not the kind). */
export function mayAcceptAnswer(viewer: Viewer | null, threadAuthorId: number): boolean {
  if (!viewer) return false;
  if (can(viewer, "answer.acceptAny")) return true;
  return can(viewer, "answer.accept") && viewer.id === threadAuthorId;
}

/**
 * Accepts `postId` (`accept: true`) as the answer of its thread, or withdraws it (`accept: false`:
 * only if it is the accepted one). The thread row is locked, so two acts at once apply in turn.
 */
export async function setAcceptedAnswer(db: Kysely<Database>, actor: Viewer, postId: number, accept: boolean): Promise<AcceptResult> {
  if (!can(actor, "answer.accept") && !can(actor, "answer.acceptAny")) {
    return { ok: false, status: 403, message: "Votre rôle ne permet pas de choisir la réponse d'une question." };
  }
  if (!validId(postId)) return missing;
  return db.transaction().execute(async (trx): Promise<AcceptResult> => {
    const post = await trx
      .selectFrom("post")
      .select(["id", "thread_id", "position", "author_id", "deleted_at", "hidden_at"])
      .where("id", "=", postId)
      .executeTakeFirst();
    if (!post || post.deleted_at) return missing;
    const thread = await trx
      .selectFrom("thread")
      .select(["id", "kind", "author_id", "accepted_post_id", "deleted_at"])
      .where("id", "=", post.thread_id)
      .forUpdate()
      .executeTakeFirst();
    if (!thread || thread.deleted_at) return missing;
    if (thread.kind !== "question") {
      return { ok: false, status: 400, message: "Seul un fil de type « Question » peut avoir une réponse acceptée." };
    }
    if (!mayAcceptAnswer(actor, thread.author_id)) {
      return { ok: false, status: 403, message: "Seul l'auteur de la question ou un modérateur peut choisir la réponse." };
    }
    if (post.position === 1) return { ok: false, status: 400, message: "La question elle-même ne peut pas être sa réponse." };
    if (post.hidden_at && accept) return { ok: false, status: 400, message: "Un message masqué par la modération ne peut pas être accepté." };
    const next = accept ? post.id : thread.accepted_post_id === post.id ? null : thread.accepted_post_id;
    if (next === thread.accepted_post_id) return { ok: true, acceptedPostId: next };
    await trx.updateTable("thread").set({ accepted_post_id: next }).where("id", "=", thread.id).execute();
    if (actor.id !== thread.author_id) {
      await recordAudit(trx, {
        actorId: actor.id,
        action: "thread.answer_accepted",
        targetUserId: thread.author_id,
        details: { threadId: thread.id, postId: next, previousPostId: thread.accepted_post_id },
      });
    }
    return { ok: true, acceptedPostId: next };
  });
}

export interface AcceptedAnswerView {
  postId: number;
  position: number;
  authorId: number;
  authorName: string;
  authorPublicProfile: boolean;
  createdAt: Date;
  excerpt: string;
}

/** The accepted answer of a thread as shown under the question (one query); null if none or gone. */
export async function acceptedAnswerOf(db: Kysely<Database>, threadId: number, canSeeHidden: boolean): Promise<AcceptedAnswerView | null> {
  return (await acceptedAnswerQuery(db, threadId, canSeeHidden).executeTakeFirst()) ?? null;
}

/** The query of `acceptedAnswerOf` (one row at most); also part of the thread page's statement. */
export function acceptedAnswerQuery(db: Kysely<Database>, threadId: number, canSeeHidden: boolean) {
  let query = db
    .selectFrom("thread")
    .innerJoin("post", "post.id", "thread.accepted_post_id")
    .innerJoin("app_user as author", "author.id", "post.author_id")
    .select([
      "post.id as postId",
      "post.position",
      "post.author_id as authorId",
      "author.display_name as authorName",
      "author.public_profile as authorPublicProfile",
      "post.created_at as createdAt",
      sql<string>`left(post.body_markdown, 400)`.as("excerpt"),
    ])
    .where("thread.id", "=", threadId)
    .where("post.deleted_at", "is", null);
  if (!canSeeHidden) query = query.where("post.hidden_at", "is", null);
  return query;
}
