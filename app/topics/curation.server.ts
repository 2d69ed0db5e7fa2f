import { sql, type Kysely, type Transaction } from "kysely";

import type { Database, Topic } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { isSlug } from "../lib/ids";
import { isUniqueViolation } from "../lib/pg-errors.server";
import { allowedOrJournaled, refusedMessage, type Moderator } from "../moderation/refusal.server";
import type { Errors, MergeInput, TopicInput } from "./topic-form";

/**
 * Thématique curation (moderators): create, rename and describe, merge. Each act is one
 * transaction with its one journal entry (before and after values). A renamed or merged
 * thématique's old slug is kept in `topic_slug_redirect` and answered with a 301.
 * Search follows by itself: the tag triggers of migration 004 recompute the headers (and so the
 * post vectors) of every thread whose `thread_topic` rows change, and of every thread tagged
 * with a renamed thématique.
 */

export type CurationResult<T> =
  | { ok: true; value: T }
  | { ok: false; status: 400 | 403 | 404; errors: Errors }
  | { ok: false; status: 409; errors: Errors; current: Topic };

const refused = { ok: false, status: 403, errors: { form: refusedMessage } } as const;
const gone = { ok: false, status: 404, errors: { form: "Cette thématique n'existe pas ou plus (elle a peut-être été fusionnée)." } } as const;

type Db = Kysely<Database> | Transaction<Database>;

/** Where `/thematiques/<slug>` leads: the thématique, a 301 to its new slug, or nothing. */
export async function resolveTopicSlug(db: Kysely<Database>, slug: string): Promise<{ topic: Topic } | { redirectTo: string } | null> {
  // A NUL byte or an overlong value would make PostgreSQL fail: no such slug exists anyway.
  if (!isSlug(slug)) return null;
  const topic = await db.selectFrom("topic").selectAll().where("slug", "=", slug).executeTakeFirst();
  if (topic) return { topic };
  const moved = await db
    .selectFrom("topic_slug_redirect")
    .innerJoin("topic", "topic.id", "topic_slug_redirect.topic_id")
    .select("topic.slug")
    .where("topic_slug_redirect.old_slug", "=", slug)
    .executeTakeFirst();
  return moved ? { redirectTo: moved.slug } : null;
}

/** Another thématique whose name folds to the same text, or whose slug is the same. */
async function nameTaken(db: Db, input: TopicInput, exceptId: number | null): Promise<string | null> {
  let select = db
    .selectFrom("topic")
    .select("name")
    .where((eb) => eb.or([eb(sql`lower(f_unaccent(name))`, "=", sql`lower(f_unaccent(${input.name}))`), eb("slug", "=", input.slug)]));
  if (exceptId !== null) select = select.where("id", "<>", exceptId);
  const other = await select.executeTakeFirst();
  return other ? `Une thématique porte déjà ce nom ou un nom trop proche : « ${other.name} ».` : null;
}

/** A live thématique takes its slug back from any old slug pointing elsewhere. */
async function claimSlug(trx: Transaction<Database>, slug: string): Promise<void> {
  await trx.deleteFrom("topic_slug_redirect").where("old_slug", "=", slug).execute();
}

function snapshot(topic: Pick<Topic, "name" | "slug" | "description">) {
  return { name: topic.name, slug: topic.slug, description: topic.description };
}

async function withNameCheck<T>(run: () => Promise<CurationResult<T>>): Promise<CurationResult<T>> {
  try {
    return await run();
  } catch (error) {
    // Two moderators choosing the same name at the same moment: the unique index decides.
    if (isUniqueViolation(error)) return { ok: false, status: 400, errors: { name: "Une thématique porte déjà ce nom ou un nom trop proche." } };
    throw error;
  }
}

export async function createTopic(db: Kysely<Database>, actor: Moderator, input: TopicInput): Promise<CurationResult<Topic>> {
  if (!(await allowedOrJournaled(db, actor, "topic.manage", { act: "topic.create", target: { name: input.name } }))) return refused;
  return withNameCheck(() =>
    db.transaction().execute(async (trx) => {
      const taken = await nameTaken(trx, input, null);
      if (taken) return { ok: false, status: 400, errors: { name: taken } };
      await claimSlug(trx, input.slug);
      const topic = await trx.insertInto("topic").values(input).returningAll().executeTakeFirstOrThrow();
      await recordAudit(trx, { actorId: actor.id, action: "topic.created", details: { topicId: topic.id, after: snapshot(topic) } });
      return { ok: true, value: topic };
    }),
  );
}

/** Rename and describe; a changed name changes the slug, and the old one redirects. */
export async function updateTopic(
  db: Kysely<Database>,
  actor: Moderator,
  topicId: number,
  input: TopicInput,
  baseVersion: number,
): Promise<CurationResult<Topic>> {
  if (!(await allowedOrJournaled(db, actor, "topic.manage", { act: "topic.update", target: { topicId } }))) return refused;
  return withNameCheck(() =>
    db.transaction().execute(async (trx): Promise<CurationResult<Topic>> => {
      const before = await trx.selectFrom("topic").selectAll().where("id", "=", topicId).forUpdate().executeTakeFirst();
      if (!before) return gone;
      if (before.version !== baseVersion) {
        return { ok: false, status: 409, errors: { form: "Cette thématique a été modifiée entre-temps par quelqu'un d'autre : rien n'a été enregistré." }, current: before };
      }
      if (before.name === input.name && before.slug === input.slug && before.description === input.description) return { ok: true, value: before };
      const taken = await nameTaken(trx, input, topicId);
      if (taken) return { ok: false, status: 400, errors: { name: taken } };
      if (before.slug !== input.slug) {
        await claimSlug(trx, input.slug);
        await trx
          .insertInto("topic_slug_redirect")
          .values({ old_slug: before.slug, topic_id: topicId })
          .onConflict((oc) => oc.column("old_slug").doUpdateSet({ topic_id: topicId }))
          .execute();
      }
      const after = await trx
        .updateTable("topic")
        .set({ ...input, version: sql`version + 1`, updated_at: sql`now()` })
        .where("id", "=", topicId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { actorId: actor.id, action: "topic.updated", details: { topicId, before: snapshot(before), after: snapshot(after) } });
      return { ok: true, value: after };
    }),
  );
}

export interface MergeOutcome {
  target: Topic;
  /** Threads that moved from the merged thématique to the target. */
  moved: number;
  /** Threads that carried both: they keep the target's tag only. */
  alreadyTagged: number;
}

/**
 * Merges `sourceId` into `input.targetId`: the source's threads move to the target (a thread
 * tagged with both keeps one tag), its slug and old slugs redirect to the target, and it is deleted.
 */
export async function mergeTopic(db: Kysely<Database>, actor: Moderator, sourceId: number, input: MergeInput): Promise<CurationResult<MergeOutcome>> {
  if (!(await allowedOrJournaled(db, actor, "topic.manage", { act: "topic.merge", target: { topicId: sourceId, into: input.targetId } }))) return refused;
  if (sourceId === input.targetId) return { ok: false, status: 400, errors: { targetId: "Une thématique ne peut pas être fusionnée avec elle-même." } };
  return db.transaction().execute(async (trx): Promise<CurationResult<MergeOutcome>> => {
    // Both rows locked in id order: two merges of the same pair cannot deadlock.
    const rows = await trx.selectFrom("topic").selectAll().where("id", "in", [sourceId, input.targetId]).orderBy("id").forUpdate().execute();
    const source = rows.find((row) => row.id === sourceId);
    const target = rows.find((row) => row.id === input.targetId);
    if (!source) return gone;
    if (!target) return { ok: false, status: 400, errors: { targetId: "La thématique choisie n'existe plus : choisissez-en une autre." } };
    const both = await trx
      .deleteFrom("thread_topic")
      .where("topic_id", "=", sourceId)
      .where("thread_id", "in", (eb) => eb.selectFrom("thread_topic").select("thread_id").where("topic_id", "=", target.id))
      .executeTakeFirst();
    const moved = await trx.updateTable("thread_topic").set({ topic_id: target.id }).where("topic_id", "=", sourceId).executeTakeFirst();
    await trx.updateTable("topic_slug_redirect").set({ topic_id: target.id }).where("topic_id", "=", sourceId).execute();
    await trx.insertInto("topic_slug_redirect").values({ old_slug: source.slug, topic_id: target.id }).execute();
    await trx.deleteFrom("topic").where("id", "=", sourceId).execute();
    const outcome = { target, moved: Number(moved.numUpdatedRows), alreadyTagged: Number(both.numDeletedRows) };
    await recordAudit(trx, {
      actorId: actor.id,
      action: "topic.merged",
      details: { topicId: sourceId, before: snapshot(source), after: { ...snapshot(target), id: target.id }, moved: outcome.moved, alreadyTagged: outcome.alreadyTagged },
    });
    return { ok: true, value: outcome };
  });
}
