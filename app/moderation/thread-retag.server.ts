import { sql, type Kysely } from "kysely";

import type { Database, ThreadKind } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { can } from "../auth/permissions";
import { isThreadKind } from "../forum/kinds";
import { slugify } from "../forum/slug";
import { checkTitle, TAGS_MAX } from "../forum/validation";
import type { Viewer } from "../forum/viewer";
import { hasNulCharacter } from "../lib/text-rules";
import type { FormErrors } from "./moderation-form";
import { staleMessage } from "./thread-curation.server";

/**
 * Retitle, change kind, retag (issue 9, item 3). Moderators change a thread's title, kind,
 * collectivités and thématiques; its author may change its collectivités and thématiques only.
 * The new title gives a new slug, and the old address keeps working (thread URLs are resolved by
 * id, and a wrong slug answers 301 to the right one). Tags are replaced set-wise in one
 * transaction; the search triggers on the tag tables and on the title keep search right. One
 * `thread.retagged` entry per act with the values before and after; a form built on an older
 * `curation_version` is stale (409, nothing changed); saving what is already there writes nothing.
 */

export interface RetagInput {
  title?: string | undefined;
  kind?: string | undefined;
  collectiviteIds: string[];
  topicIds: string[];
  version: number;
}

export type RetagResult = { ok: true; changed: boolean; slug: string } | { ok: false; status: 400 | 403 | 404 | 409; errors: FormErrors };

function ids(values: string[]): number[] | null {
  const unique = [...new Set(values)];
  if (unique.length > TAGS_MAX) return null;
  return unique.every((v) => /^[1-9]\d{0,8}$/.test(v)) ? unique.map(Number) : null;
}

const sameSet = (a: number[], b: number[]) => a.length === b.length && [...a].sort((x, y) => x - y).join(",") === [...b].sort((x, y) => x - y).join(",");

/** Whether this member may retag the thread (moderators: also retitle and change the kind). */
export function retagRights(viewer: Viewer | null, authorId: number): { retag: boolean; curate: boolean } {
  const curate = can(viewer, "thread.curate");
  return { curate, retag: curate || (viewer !== null && viewer.id === authorId && can(viewer, "post.editOwn")) };
}

export async function retagThread(db: Kysely<Database>, actor: Viewer, threadId: number, input: RetagInput): Promise<RetagResult> {
  const current = await db.selectFrom("thread").select(["id", "author_id", "deleted_at"]).where("id", "=", threadId).executeTakeFirst();
  if (!current || current.deleted_at) return { ok: false, status: 404, errors: { form: "Ce fil n'existe pas ou a été supprimé." } };
  const rights = retagRights(actor, current.author_id);
  if (!rights.retag) return { ok: false, status: 403, errors: { form: "Seuls l'auteur du fil et les modérateurs peuvent changer ses étiquettes." } };
  if (!rights.curate && (input.title !== undefined || input.kind !== undefined)) {
    return { ok: false, status: 403, errors: { form: "Seuls les modérateurs peuvent changer le titre ou le type d'un fil." } };
  }
  const errors: FormErrors = {};
  const title = input.title?.trim();
  if (title !== undefined) {
    if (hasNulCharacter(title)) errors.title = "Le titre contient un caractère nul, qui n'est pas accepté.";
    else checkTitle(title, errors);
  }
  if (input.kind !== undefined && !isThreadKind(input.kind)) errors.kind = "Choisissez le type du fil.";
  const collectiviteIds = ids(input.collectiviteIds);
  if (!collectiviteIds || collectiviteIds.length === 0) errors.collectiviteIds = collectiviteIds ? "Choisissez au moins une collectivité concernée." : `Choisissez entre 1 et ${TAGS_MAX} collectivités.`;
  const topicIds = ids(input.topicIds);
  if (!topicIds || topicIds.length === 0) errors.topicIds = topicIds ? "Choisissez au moins une thématique." : `Choisissez entre 1 et ${TAGS_MAX} thématiques.`;
  if (collectiviteIds?.length && topicIds?.length) {
    const [c, t] = await Promise.all([
      db.selectFrom("collectivite").select("id").where("id", "in", collectiviteIds).execute(),
      db.selectFrom("topic").select("id").where("id", "in", topicIds).execute(),
    ]);
    if (c.length !== collectiviteIds.length) errors.collectiviteIds = "Une des collectivités choisies n'existe pas.";
    if (t.length !== topicIds.length) errors.topicIds = "Une des thématiques choisies n'existe pas.";
  }
  if (Object.keys(errors).length > 0) return { ok: false, status: 400, errors };
  const kind = input.kind as ThreadKind | undefined;

  return db.transaction().execute(async (trx): Promise<RetagResult> => {
    const row = await trx.selectFrom("thread").select(["id", "title", "slug", "kind", "curation_version", "deleted_at"]).where("id", "=", threadId).forUpdate().executeTakeFirst();
    if (!row || row.deleted_at) return { ok: false, status: 404, errors: { form: "Ce fil n'existe pas ou a été supprimé." } };
    if (row.curation_version !== input.version) return { ok: false, status: 409, errors: { form: staleMessage } };
    const [oldC, oldT] = await Promise.all([
      trx.selectFrom("thread_collectivite").select("collectivite_id as id").where("thread_id", "=", threadId).execute(),
      trx.selectFrom("thread_topic").select("topic_id as id").where("thread_id", "=", threadId).execute(),
    ]);
    const before = { title: row.title, kind: row.kind, collectiviteIds: oldC.map((r) => r.id).sort((a, b) => a - b), topicIds: oldT.map((r) => r.id).sort((a, b) => a - b) };
    const after = { title: title ?? row.title, kind: kind ?? row.kind, collectiviteIds: [...collectiviteIds!].sort((a, b) => a - b), topicIds: [...topicIds!].sort((a, b) => a - b) };
    const changes = {
      title: after.title !== before.title,
      kind: after.kind !== before.kind,
      collectivites: !sameSet(before.collectiviteIds, after.collectiviteIds),
      topics: !sameSet(before.topicIds, after.topicIds),
    };
    if (!Object.values(changes).some(Boolean)) return { ok: true, changed: false, slug: row.slug };
    const slug = changes.title ? slugify(after.title) : row.slug;
    await trx
      .updateTable("thread")
      .set({ title: after.title, slug, kind: after.kind, curation_version: sql<number>`curation_version + 1` })
      .where("id", "=", threadId)
      .execute();
    // Set-wise: remove what is no longer there, add what is new (the search triggers follow).
    if (changes.collectivites) {
      await trx.deleteFrom("thread_collectivite").where("thread_id", "=", threadId).where("collectivite_id", "not in", after.collectiviteIds).execute();
      await trx
        .insertInto("thread_collectivite")
        .values(after.collectiviteIds.map((id) => ({ thread_id: threadId, collectivite_id: id })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    if (changes.topics) {
      await trx.deleteFrom("thread_topic").where("thread_id", "=", threadId).where("topic_id", "not in", after.topicIds).execute();
      await trx
        .insertInto("thread_topic")
        .values(after.topicIds.map((id) => ({ thread_id: threadId, topic_id: id })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await recordAudit(trx, {
      actorId: actor.id,
      action: "thread.retagged",
      details: { threadId, title: after.title, byAuthor: !rights.curate, changes, before, after },
    });
    return { ok: true, changed: true, slug };
  });
}

/** The thread's tags as ids (strings, as the form sends them) and its curation version. */
export async function threadRetagState(db: Kysely<Database>, threadId: number) {
  const [c, t, v] = await Promise.all([
    db.selectFrom("thread_collectivite").select("collectivite_id as id").where("thread_id", "=", threadId).execute(),
    db.selectFrom("thread_topic").select("topic_id as id").where("thread_id", "=", threadId).execute(),
    db.selectFrom("thread").select("curation_version").where("id", "=", threadId).executeTakeFirstOrThrow(),
  ]);
  return { collectiviteIds: c.map((r) => String(r.id)), topicIds: t.map((r) => String(r.id)), version: v.curation_version };
}
