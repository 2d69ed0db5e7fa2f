import { sql, type Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { can } from "../auth/permissions";
import { BODY_MAX } from "../forum/kinds";
import type { Viewer } from "../forum/viewer";

/**
 * Server-side drafts (issue 14, item 6): what a member types in a reply or a new thread is saved
 * here (debounced with JavaScript, on "Prévisualiser" without), so it follows them to another
 * browser. One draft per (member, thread), one per member for a new thread (`threadId` null);
 * removed on publish; only ever read by its author. The browser's own draft (localStorage) stays
 * as the offline fallback.
 */

export type DraftTarget = { threadId: number } | { newThread: true };

export type SaveDraftResult = { ok: true; savedAt: Date | null } | { ok: false; status: 400 | 403 | 404 | 413; message: string };

export const draftTooLarge = `Brouillon trop long : ${BODY_MAX.toLocaleString("fr-FR")} caractères au plus. Votre texte reste dans l'éditeur ; raccourcissez-le pour l'enregistrer.`;

function threadIdOf(target: DraftTarget): number | null {
  return "threadId" in target ? target.threadId : null;
}

/** Reads `fil` from a form or query: a thread id, or `nouveau` for a new thread; null otherwise. */
export function parseDraftTarget(value: string): DraftTarget | null {
  if (value === "nouveau") return { newThread: true };
  if (!/^\d{1,10}$/.test(value) || Number(value) < 1 || Number(value) > 2_147_483_647) return null;
  return { threadId: Number(value) };
}

/**
 * Saves (or, for an empty text, removes) the member's draft. A text over the post limit is refused
 * and the stored draft is left as it was. A thread the member cannot read is not found.
 */
export async function saveDraft(db: Kysely<Database>, viewer: Viewer, target: DraftTarget, body: string): Promise<SaveDraftResult> {
  if (!can(viewer, "post.draft")) return { ok: false, status: 403, message: "Votre rôle ne permet pas d'écrire des messages." };
  if (body.length > BODY_MAX) return { ok: false, status: 413, message: draftTooLarge };
  if (body.includes("\u0000")) return { ok: false, status: 400, message: "Le texte contient un caractère non autorisé." };
  const threadId = threadIdOf(target);
  if (threadId !== null) {
    const thread = await db.selectFrom("thread").select("id").where("id", "=", threadId).where("deleted_at", "is", null).executeTakeFirst();
    if (!thread) return { ok: false, status: 404, message: "Ce fil n'existe pas." };
  }
  if (body.trim() === "") {
    await deleteDraft(db, viewer.id, target);
    return { ok: true, savedAt: null };
  }
  const row =
    threadId === null
      ? await db
          .insertInto("post_draft")
          .values({ user_id: viewer.id, thread_id: null, body })
          .onConflict((oc) => oc.column("user_id").where("thread_id", "is", null).doUpdateSet({ body, updated_at: sql<Date>`now()` }))
          .returning("updated_at")
          .executeTakeFirstOrThrow()
      : await db
          .insertInto("post_draft")
          .values({ user_id: viewer.id, thread_id: threadId, body })
          .onConflict((oc) => oc.columns(["user_id", "thread_id"]).where("thread_id", "is not", null).doUpdateSet({ body, updated_at: sql<Date>`now()` }))
          .returning("updated_at")
          .executeTakeFirstOrThrow();
  return { ok: true, savedAt: row.updated_at };
}

/** The member's own draft for this target, or null (never anyone else's). */
export async function findDraft(db: Kysely<Database>, viewerId: number, target: DraftTarget): Promise<{ body: string; updatedAt: Date } | null> {
  return (await draftQuery(db, viewerId, target).executeTakeFirst()) ?? null;
}

/** The member's own draft for this target (one row at most); also part of the thread page's statement. */
export function draftQuery(db: Kysely<Database>, viewerId: number, target: DraftTarget) {
  const threadId = threadIdOf(target);
  return db
    .selectFrom("post_draft")
    .select(["body", "updated_at as updatedAt"])
    .where("user_id", "=", viewerId)
    .where("thread_id", threadId === null ? "is" : "=", threadId);
}

export async function deleteDraft(db: Kysely<Database>, viewerId: number, target: DraftTarget): Promise<void> {
  const threadId = threadIdOf(target);
  await db.deleteFrom("post_draft").where("user_id", "=", viewerId).where("thread_id", threadId === null ? "is" : "=", threadId).execute();
}

export interface DraftListItem {
  threadId: number | null;
  threadTitle: string | null;
  threadSlug: string | null;
  excerpt: string;
  updatedAt: Date;
}

/** `/brouillons`: the member's drafts, latest first, with the thread they belong to (one query). */
export async function listDrafts(db: Kysely<Database>, viewerId: number): Promise<DraftListItem[]> {
  return db
    .selectFrom("post_draft")
    .leftJoin("thread", "thread.id", "post_draft.thread_id")
    .select([
      "post_draft.thread_id as threadId",
      "thread.title as threadTitle",
      "thread.slug as threadSlug",
      sql<string>`left(post_draft.body, 200)`.as("excerpt"),
      "post_draft.updated_at as updatedAt",
    ])
    .where("post_draft.user_id", "=", viewerId)
    .where((eb) => eb.or([eb("post_draft.thread_id", "is", null), eb("thread.deleted_at", "is", null)]))
    .orderBy("post_draft.updated_at", "desc")
    .limit(200)
    .execute();
}
