import { sql, type Kysely, type Transaction } from "kysely";

import type { Database } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { allowedOrJournaled, refusedMessage, type Moderator } from "./refusal.server";
import { notifyModerationAct } from "../notifications/events.server";
import type { FormErrors } from "./moderation-form";
import { addNotice } from "./notices.server";

/**
 * Hiding and unhiding posts. A hidden post keeps its place: readers see "Message masqué par la
 * modération" and the reason, moderators can still open it, and it leaves search (migration 008:
 * its vector is cleared, and computed again on unhide). Each act: one transaction, one entry.
 */

export type PostActResult = { ok: true; threadId: number } | { ok: false; status: 400 | 403 | 404 | 409; errors: FormErrors };

const refused = { ok: false, status: 403, errors: { form: refusedMessage } } as const;
const missing = { ok: false, status: 404, errors: { form: "Ce message n'existe pas ou a été supprimé." } } as const;

type Db = Kysely<Database> | Transaction<Database>;

export async function lockPost(trx: Db, postId: number) {
  return trx
    .selectFrom("post")
    .innerJoin("thread", "thread.id", "post.thread_id")
    .select(["post.id", "post.thread_id", "post.author_id", "post.position", "post.deleted_at", "post.hidden_at", "post.hidden_reason", "post.hidden_by", "thread.title"])
    .where("post.id", "=", postId)
    .forUpdate("post")
    .executeTakeFirst();
}

/** Hides the post and tells its author; used by the hide form and by resolving reports. */
export async function hideIn(
  trx: Transaction<Database>,
  actorId: number | null,
  post: { id: number; author_id: number; thread_id: number; title: string },
  reason: string,
): Promise<void> {
  await trx.updateTable("post").set({ hidden_at: sql<Date>`now()`, hidden_reason: reason, hidden_by: actorId }).where("id", "=", post.id).execute();
  const sentence =
    actorId === null
      ? `Votre message dans le fil « ${post.title} » a été signalé par plusieurs membres : il est masqué en attendant l'examen d'un modérateur.`
      : `Votre message dans le fil « ${post.title} » a été masqué par la modération. Raison : ${reason}`;
  await addNotice(trx, post.author_id, sentence);
  if (post.author_id !== actorId) {
    await notifyModerationAct(trx, { recipientId: post.author_id, actorId, threadId: post.thread_id, detail: sentence, link: `/messages/${post.id}` });
  }
}

export async function hidePost(db: Kysely<Database>, actor: Moderator, postId: number, reason: string): Promise<PostActResult> {
  if (!(await allowedOrJournaled(db, actor, "reports.handle", { act: "post.hide", target: { postId } }))) return refused;
  return db.transaction().execute(async (trx) => {
    const post = await lockPost(trx, postId);
    if (!post || post.deleted_at) return missing;
    if (post.hidden_at && post.hidden_by !== null) return { ok: false as const, status: 409 as const, errors: { form: "Ce message a déjà été masqué entre-temps : rien n'a été changé." } };
    await hideIn(trx, actor.id, post, reason);
    await recordAudit(trx, {
      actorId: actor.id,
      action: "post.hidden",
      targetUserId: post.author_id,
      details: { postId, threadId: post.thread_id, reason, before: { hidden: post.hidden_at !== null, reason: post.hidden_reason }, after: { hidden: true, reason } },
    });
    return { ok: true as const, threadId: post.thread_id };
  });
}

export async function unhidePost(db: Kysely<Database>, actor: Moderator, postId: number, note: string | null): Promise<PostActResult> {
  if (!(await allowedOrJournaled(db, actor, "reports.handle", { act: "post.unhide", target: { postId } }))) return refused;
  return db.transaction().execute(async (trx) => {
    const post = await lockPost(trx, postId);
    if (!post || post.deleted_at) return missing;
    if (!post.hidden_at) return { ok: false as const, status: 409 as const, errors: { form: "Ce message n'est plus masqué : rien n'a été changé." } };
    await trx.updateTable("post").set({ hidden_at: null, hidden_reason: null, hidden_by: null }).where("id", "=", postId).execute();
    await recordAudit(trx, {
      actorId: actor.id,
      action: "post.unhidden",
      targetUserId: post.author_id,
      details: { postId, threadId: post.thread_id, ...(note ? { note } : {}), before: { hidden: true, reason: post.hidden_reason }, after: { hidden: false } },
    });
    return { ok: true as const, threadId: post.thread_id };
  });
}

export interface ModeratedPost {
  id: number;
  threadId: number;
  threadTitle: string;
  threadSlug: string;
  position: number;
  authorName: string;
  html: string;
  deleted: boolean;
  hiddenAt: Date | null;
  hiddenReason: string | null;
  hiddenAutomatically: boolean;
}

/** A post as the moderation page shows it (the body even when hidden). */
export async function findModeratedPost(db: Kysely<Database>, postId: number): Promise<ModeratedPost | null> {
  const row = await db
    .selectFrom("post")
    .innerJoin("thread", "thread.id", "post.thread_id")
    .innerJoin("app_user as author", "author.id", "post.author_id")
    .select([
      "post.id",
      "post.thread_id as threadId",
      "thread.title as threadTitle",
      "thread.slug as threadSlug",
      "post.position",
      "author.display_name as authorName",
      "post.body_html",
      "post.deleted_at",
      "post.hidden_at as hiddenAt",
      "post.hidden_reason as hiddenReason",
      "post.hidden_by",
    ])
    .where("post.id", "=", postId)
    .executeTakeFirst();
  if (!row) return null;
  const { body_html, deleted_at, hidden_by, ...rest } = row;
  return { ...rest, html: deleted_at ? "" : body_html, deleted: deleted_at !== null, hiddenAutomatically: row.hiddenAt !== null && hidden_by === null };
}

/** Readers who may not handle reports see a hidden post's place and reason, never its body. */
export function redactHiddenPosts<T extends { html: string; hidden?: boolean }>(posts: T[], canSeeHidden: boolean): T[] {
  return canSeeHidden ? posts : posts.map((post) => (post.hidden ? { ...post, html: "" } : post));
}
