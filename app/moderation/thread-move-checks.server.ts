import { sql, type Kysely, type Transaction } from "kysely";

import type { Database, ThreadKind, ThreadVisibility } from "../../db/schema";
import type { FormErrors } from "./moderation-form";
import { refusedMessage } from "./refusal.server";
import { staleMessage } from "./thread-curation.server";

/** What split and merge (thread-moves.server.ts) share: the threads' rows locked, refusals and their messages, warnings, post previews. */

export type Db = Kysely<Database> | Transaction<Database>;

export interface ThreadRef {
  id: number;
  slug: string;
  title: string;
  kind: ThreadKind;
  visibility: ThreadVisibility;
}

export interface MovedPostView {
  id: number;
  position: number;
  authorName: string;
  createdAt: Date;
  excerpt: string;
}

export const missing = { ok: false, status: 404, errors: { form: "Ce fil n'existe pas ou a été supprimé." } } as const;
export const stale = { ok: false, status: 409, errors: { form: staleMessage } } as const;
export const refused = { ok: false, status: 403, errors: { form: refusedMessage } } as const;
export const invalid = (errors: FormErrors) => ({ ok: false, status: 400, errors }) as const;

export const sameThreadMessage = "Choisissez un autre fil que celui-ci : un fil ne peut pas recevoir ses propres messages.";
export const missingTargetMessage = "Le fil d'arrivée n'existe pas ou a été supprimé.";
export const governanceMergeMessage = "Un fil de gouvernance ne peut être fusionné que dans un autre fil de gouvernance : ses messages portent sur une proposition.";
export const governanceHistoryMessage =
  "Cette proposition a un historique (changements de statut, versions du texte de référence ou décision) : elle ne peut pas être fusionnée, pour que cet historique reste attaché à son fil. Déplacez plutôt ses réponses.";
export const openingPostMessage = "Le premier message d'un fil ne peut pas être déplacé seul : pour tout déplacer, fusionnez le fil entier.";
export const foreignPostMessage = "Un des messages choisis n'appartient pas à ce fil (il a peut-être été déplacé entre-temps). Rechargez la page et choisissez de nouveau.";

export interface LockedThread extends ThreadRef {
  curation_version: number;
  reply_count: number;
  last_post_id: number | null;
  last_activity_at: Date;
  locked_at: Date | null;
}

/** A thread's id, following a merged thread's redirect (so its old address names its new thread). */
export async function resolveThreadId(db: Db, threadId: number): Promise<number> {
  const redirect = await db.selectFrom("thread_redirect").select("target_thread_id").where("old_thread_id", "=", threadId).executeTakeFirst();
  return redirect?.target_thread_id ?? threadId;
}

/** Locks the live threads among `ids`, in id order (two moves at once cannot deadlock). */
export async function lockThreads(trx: Transaction<Database>, ids: number[]): Promise<Map<number, LockedThread>> {
  const rows = await trx
    .selectFrom("thread")
    .select(["id", "slug", "title", "kind", "visibility", "curation_version", "reply_count", "last_post_id", "last_activity_at", "locked_at"])
    .where("id", "in", ids)
    .where("deleted_at", "is", null)
    .orderBy("id")
    .forUpdate()
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export const refOf = (t: LockedThread): ThreadRef => ({ id: t.id, slug: t.slug, title: t.title, kind: t.kind, visibility: t.visibility });

export function exposureWarnings(source: ThreadRef, target: { visibility: ThreadVisibility }, locked = false): string[] {
  const warnings: string[] = [];
  if (source.visibility === "members" && target.visibility === "public") {
    warnings.push("Le fil d'arrivée est public : ces messages, jusqu'ici réservés aux membres, deviendront visibles de tous.");
  }
  if (locked) warnings.push("Le fil d'arrivée est verrouillé : les messages y seront déplacés quand même, mais personne ne pourra y répondre.");
  return warnings;
}

export async function postViews(db: Db, ids: number[]): Promise<MovedPostView[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("post")
    .innerJoin("app_user as author", "author.id", "post.author_id")
    .select(["post.id", "post.position", "author.display_name as authorName", "post.created_at as createdAt", sql<string>`left(post.body_markdown, 160)`.as("excerpt"), "post.deleted_at"])
    .where("post.id", "in", ids)
    .orderBy("post.position")
    .execute();
  return rows.map(({ deleted_at, excerpt, ...row }) => ({ ...row, excerpt: deleted_at ? "(message supprimé)" : excerpt }));
}
