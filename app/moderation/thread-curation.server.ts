import { sql, type Kysely, type Transaction } from "kysely";

import type { Database, ThreadVisibility } from "../../db/schema";
import { recordAudit, type AuditAction } from "../audit/audit-log.server";
import { setThreadVisibility } from "../forum/threads.server";
import { allowedOrJournaled, refusedMessage, type Moderator } from "./refusal.server";
import type { FormErrors } from "./moderation-form";

/**
 * Thread curation by moderators: pin (home page or one thématique, optionally until a date),
 * feature, lock with a reason, unlist, and the visibility switch behind a confirmation. Each act
 * is one transaction: the thread row locked, the form's version checked (a stale form changes
 * nothing), the change, `curation_version` incremented, and its one journal entry with before and
 * after values. A member without `thread.curate` is refused and the attempt journaled.
 */

export type ThreadAct =
  | { kind: "pin"; until: Date | null; topicId: number | null }
  | { kind: "unpin" }
  | { kind: "feature" }
  | { kind: "unfeature" }
  | { kind: "lock"; reason: string }
  | { kind: "unlock" }
  | { kind: "unlist" }
  | { kind: "relist" };

export type ActResult = { ok: true } | { ok: false; status: 400 | 403 | 404 | 409; errors: FormErrors };

export const staleMessage = "Ce fil a été modifié par quelqu'un d'autre entre-temps : rien n'a été changé. Vérifiez son état ci-dessous, puis recommencez si besoin.";
const missing = { ok: false, status: 404, errors: { form: "Ce fil n'existe pas ou a été supprimé." } } as const;
const refused = { ok: false, status: 403, errors: { form: refusedMessage } } as const;

type Db = Kysely<Database> | Transaction<Database>;

async function lockThread(trx: Db, threadId: number) {
  return trx
    .selectFrom("thread")
    .select(["id", "title", "pinned_at", "pinned_until", "pinned_topic_id", "featured_at", "locked_at", "lock_reason", "unlisted_at", "curation_version"])
    .where("id", "=", threadId)
    // A thread gone with its only post (deleted_at) cannot be pinned, locked or featured.
    .where("deleted_at", "is", null)
    .forUpdate()
    .executeTakeFirst();
}

type Row = NonNullable<Awaited<ReturnType<typeof lockThread>>>;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The change an act makes, its journal action and its before/after values; null if it changes nothing. */
function plan(row: Row, act: ThreadAct) {
  const now = sql<Date>`now()`;
  switch (act.kind) {
    case "pin":
      return {
        action: "thread.pinned" as AuditAction,
        set: { pinned_at: now, pinned_until: act.until, pinned_topic_id: act.topicId },
        before: { pinned: row.pinned_at !== null, until: iso(row.pinned_until), topicId: row.pinned_topic_id },
        after: { pinned: true, until: iso(act.until), topicId: act.topicId },
      };
    case "unpin":
      if (!row.pinned_at) return null;
      return { action: "thread.unpinned" as AuditAction, set: { pinned_at: null, pinned_until: null, pinned_topic_id: null }, before: { pinned: true, until: iso(row.pinned_until), topicId: row.pinned_topic_id }, after: { pinned: false } };
    case "feature":
      if (row.featured_at) return null;
      return { action: "thread.featured" as AuditAction, set: { featured_at: now }, before: { featured: false }, after: { featured: true } };
    case "unfeature":
      if (!row.featured_at) return null;
      return { action: "thread.unfeatured" as AuditAction, set: { featured_at: null }, before: { featured: true }, after: { featured: false } };
    case "lock":
      if (row.locked_at) return null;
      return { action: "thread.locked" as AuditAction, set: { locked_at: now, lock_reason: act.reason }, before: { locked: false }, after: { locked: true, reason: act.reason } };
    case "unlock":
      if (!row.locked_at) return null;
      return { action: "thread.unlocked" as AuditAction, set: { locked_at: null, lock_reason: null, locked_by: null }, before: { locked: true, reason: row.lock_reason }, after: { locked: false } };
    case "unlist":
      if (row.unlisted_at) return null;
      return { action: "thread.unlisted" as AuditAction, set: { unlisted_at: now }, before: { unlisted: false }, after: { unlisted: true } };
    case "relist":
      if (!row.unlisted_at) return null;
      return { action: "thread.relisted" as AuditAction, set: { unlisted_at: null }, before: { unlisted: true }, after: { unlisted: false } };
  }
}

/** One curation act on a thread, from a form built at `baseVersion`. */
export async function curateThread(db: Kysely<Database>, actor: Moderator, threadId: number, act: ThreadAct, baseVersion: number): Promise<ActResult> {
  if (!(await allowedOrJournaled(db, actor, "thread.curate", { act: `thread.${act.kind}`, target: { threadId } }))) return refused;
  if (act.kind === "pin" && act.topicId !== null) {
    const tagged = await db.selectFrom("thread_topic").select("topic_id").where("thread_id", "=", threadId).where("topic_id", "=", act.topicId).executeTakeFirst();
    if (!tagged) return { ok: false, status: 400, errors: { scope: "Ce fil n'est pas rangé dans cette thématique." } };
  }
  return applyInTransaction(db, actor, threadId, act, baseVersion);
}

async function applyInTransaction(db: Kysely<Database>, actor: Moderator, threadId: number, act: ThreadAct, baseVersion: number): Promise<ActResult> {
  return db.transaction().execute(async (trx) => {
    const row = await lockThread(trx, threadId);
    if (!row) return missing;
    if (row.curation_version !== baseVersion) return { ok: false, status: 409, errors: { form: staleMessage } };
    const change = plan(row, act);
    if (!change) return { ok: false, status: 409, errors: { form: staleMessage } };
    const extra = act.kind === "lock" ? { locked_by: actor.id } : {};
    await trx
      .updateTable("thread")
      .set({ ...change.set, ...extra, curation_version: row.curation_version + 1 })
      .where("id", "=", threadId)
      .execute();
    await recordAudit(trx, {
      actorId: actor.id,
      action: change.action,
      details: { threadId, title: row.title, before: change.before, after: change.after },
    });
    return { ok: true as const };
  });
}

/**
 * The visibility switch, behind an explicit confirmation (the form's checkbox) and the form's
 * version. The change and its journal entry are `setThreadVisibility`'s (app/forum/).
 */
export async function changeThreadVisibility(
  db: Kysely<Database>,
  actor: Moderator,
  threadId: number,
  input: { visibility: ThreadVisibility; confirmed: boolean; baseVersion: number },
): Promise<ActResult> {
  if (!(await allowedOrJournaled(db, actor, "thread.curate", { act: "thread.visibility", target: { threadId } }))) return refused;
  const row = await db.selectFrom("thread").select(["visibility", "curation_version"]).where("id", "=", threadId).executeTakeFirst();
  if (!row) return missing;
  if (row.curation_version !== input.baseVersion || row.visibility === input.visibility) return { ok: false, status: 409, errors: { form: staleMessage } };
  if (!input.confirmed) {
    return { ok: false, status: 400, errors: { confirm: input.visibility === "public" ? "Cochez la case pour confirmer que ce fil peut être lu sans compte." : "Cochez la case pour confirmer que ce fil sera réservé aux membres." } };
  }
  if (!(await setThreadVisibility(db, actor, threadId, input.visibility))) return missing;
  return { ok: true };
}

export interface ThreadCuration {
  id: number;
  title: string;
  slug: string;
  visibility: ThreadVisibility;
  pinnedAt: Date | null;
  pinnedUntil: Date | null;
  pinnedTopicId: number | null;
  featuredAt: Date | null;
  lockedAt: Date | null;
  lockReason: string | null;
  unlistedAt: Date | null;
  version: number;
  topics: { id: number; name: string }[];
}

/** The thread's moderation state, for the moderation page. */
export async function findThreadCuration(db: Kysely<Database>, threadId: number): Promise<ThreadCuration | null> {
  const [row, topics] = await Promise.all([
    db
      .selectFrom("thread")
      .select([
        "id",
        "title",
        "slug",
        "visibility",
        "pinned_at as pinnedAt",
        "pinned_until as pinnedUntil",
        "pinned_topic_id as pinnedTopicId",
        "featured_at as featuredAt",
        "locked_at as lockedAt",
        "lock_reason as lockReason",
        "unlisted_at as unlistedAt",
        "curation_version as version",
      ])
      .where("id", "=", threadId)
      .where("deleted_at", "is", null)
      .executeTakeFirst(),
    db
      .selectFrom("thread_topic")
      .innerJoin("topic", "topic.id", "thread_topic.topic_id")
      .select(["topic.id", "topic.name"])
      .where("thread_topic.thread_id", "=", threadId)
      .orderBy("topic.name")
      .execute(),
  ]);
  return row ? { ...row, topics } : null;
}
