import { sql, type Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { deleteThreadIfOpeningGone } from "../forum/posts.server";
import { notifyModerationAct } from "../notifications/events.server";
import type { FormErrors } from "./moderation-form";
import { addNotice } from "./notices.server";
import { lockPost } from "./post-moderation.server";
import { allowedOrJournaled, refusedMessage, type Moderator } from "./refusal.server";

/**
 * A moderator deletes any post (soft, with a reason): it keeps its place, readers see "Message
 * supprimé par la modération" and the reason, it leaves search (the search trigger empties the
 * vector of a deleted post), its author is told, and one `post.deleted` entry is written. As for an
 * author's deletion, an opening post with no live reply takes its thread with it.
 */

export type DeleteResult = { ok: true; threadId: number; threadDeleted: boolean } | { ok: false; status: 400 | 403 | 404; errors: FormErrors };

export async function deleteAnyPost(db: Kysely<Database>, actor: Moderator, postId: number, reason: string): Promise<DeleteResult> {
  if (!(await allowedOrJournaled(db, actor, "post.deleteAny", { act: "post.delete", target: { postId } }))) {
    return { ok: false, status: 403, errors: { form: refusedMessage } };
  }
  return db.transaction().execute(async (trx) => {
    const post = await lockPost(trx, postId);
    if (!post || post.deleted_at) return { ok: false as const, status: 404 as const, errors: { form: "Ce message n'existe pas ou a déjà été supprimé." } };
    await trx
      .updateTable("post")
      .set({ deleted_at: sql<Date>`now()`, deleted_by: actor.id, deleted_reason: reason })
      .where("id", "=", postId)
      .execute();
    const threadDeleted = await deleteThreadIfOpeningGone(trx, post);
    if (post.author_id !== actor.id) {
      const sentence = `Votre message dans le fil « ${post.title} » a été supprimé par la modération. Raison : ${reason}`;
      await addNotice(trx, post.author_id, sentence);
      // Its thread, unless the post was the thread's opening (then the thread went with it).
      await notifyModerationAct(trx, {
        recipientId: post.author_id,
        actorId: actor.id,
        threadId: null,
        detail: sentence,
        link: threadDeleted ? "/" : `/fils/${post.thread_id}`,
      });
    }
    await recordAudit(trx, {
      actorId: actor.id,
      action: "post.deleted",
      targetUserId: post.author_id,
      details: { postId, threadId: post.thread_id, position: post.position, threadDeleted, reason, byModerator: true, title: post.title },
    });
    return { ok: true as const, threadId: post.thread_id, threadDeleted };
  });
}
