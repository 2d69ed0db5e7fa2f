import { sql, type Kysely } from "kysely";

import { notify } from "../../db/notify";
import type { Database, GovernanceStatus, ThreadKind, ThreadVisibility } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { linkPostFiles } from "../files/post-files.server";
import { can } from "../auth/permissions";
import type { ThreadSort } from "./list-query";
import { afterPostCreated } from "../notifications/post-hooks.server";
import { quotedPostIds } from "./quote";
import { renderPostWithMentions } from "./render-post.server";
import { slugify } from "./slug";
import { claimSubmissionKey, recordSubmission } from "./submission-keys.server";
import type { Errors, ThreadInput } from "./validation";
import type { Viewer } from "./viewer";

export interface Tag {
  slug: string;
  name: string;
}

export interface ReportFacts {
  collectiviteName: string;
  collectiviteSlug: string;
  establishments: number | null;
  periodStart: string | null;
  periodEnd: string | null;
}

export interface ThreadSummary {
  id: number;
  slug: string;
  title: string;
  kind: ThreadKind;
  visibility: ThreadVisibility;
  authorId: number;
  authorName: string;
  /** The author lets visitors see a minimal profile. */
  authorPublicProfile: boolean;
  createdAt: Date;
  lastActivityAt: Date;
  replyCount: number;
  locked: boolean;
  /** Moderation (migration 008): shown at the bottom of a locked thread. */
  lockReason: string | null;
  pinned: boolean;
  featured: boolean;
  unlisted: boolean;
  report: ReportFacts | null;
  /** A gouvernance thread's status (migration 011); null for other kinds. */
  governanceStatus: GovernanceStatus | null;
  /** A question whose author (or a moderator) accepted an answer. */
  resolved: boolean;
  /** "Utile" marks on the thread's posts. */
  usefulCount: number;
  collectivites: Tag[];
  topics: Tag[];
  unread: boolean;
  /** How far the viewer has read (`thread_read`), null if never opened or for a visitor. */
  lastReadPosition: number | null;
}

export interface ThreadFilters {
  kind?: ThreadKind | null;
  collectiviteId?: number | null;
  topicId?: number | null;
  governanceStatus?: GovernanceStatus | null;
  /** The list's order (`?tri=`); by last activity when absent. */
  sort?: ThreadSort;
}

/** A thread never opened counts as unread only while it is recent, not a whole archive at once. */
export const NEW_THREAD_WINDOW = "14 days";

export function canReadMembers(viewer: Viewer | null): boolean {
  return can(viewer, "thread.readMembers");
}

export function summaryQuery(db: Kysely<Database>, viewer: Viewer | null) {
  const member = viewer !== null && canReadMembers(viewer);
  // Anonymous readers join no read marks (user 0 does not exist) and see nothing as unread.
  const viewerId = member ? viewer.id : 0;
  const unread = member
    ? sql<boolean>`case when thread_read.user_id is null
        then thread.last_activity_at > now() - ${NEW_THREAD_WINDOW}::interval
        else thread_read.last_read_position < thread.reply_count + 1 end`
    : sql<boolean>`false`;
  const query = db
    .selectFrom("thread")
    .innerJoin("app_user as author", "author.id", "thread.author_id")
    .leftJoin("collectivite as report_c", "report_c.id", "thread.report_collectivite_id")
    .leftJoin("thread_read", (join) => join.onRef("thread_read.thread_id", "=", "thread.id").on("thread_read.user_id", "=", viewerId))
    .select([
      "thread.id",
      "thread.slug",
      "thread.title",
      "thread.kind",
      "thread.visibility",
      "thread.author_id as authorId",
      "author.display_name as authorName",
      "author.public_profile as authorPublicProfile",
      "thread.created_at as createdAt",
      "thread.last_activity_at as lastActivityAt",
      "thread.reply_count as replyCount",
      "thread.locked_at",
      "thread.lock_reason",
      sql<boolean>`thread.pinned_at is not null and (thread.pinned_until is null or thread.pinned_until > now())`.as("pinned"),
      "thread.featured_at",
      "thread.unlisted_at",
      "report_c.name as reportCollectiviteName",
      "report_c.slug as reportCollectiviteSlug",
      "thread.report_establishments",
      "thread.report_period_start",
      "thread.report_period_end",
      "thread.governance_status as governanceStatus",
      sql<boolean>`thread.kind = 'question' and thread.accepted_post_id is not null`.as("resolved"),
      "thread.useful_count as usefulCount",
      unread.as("unread"),
      "thread_read.last_read_position as lastReadPosition",
    ]);
  const live = query.where("thread.deleted_at", "is", null);
  return member ? live : live.where("thread.visibility", "=", "public");
}

export type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>["execute"]>>[number];

/** Tags for a page of threads: two queries whatever the page's length. */
export async function attachTags(db: Kysely<Database>, rows: SummaryRow[]): Promise<ThreadSummary[]> {
  const ids = rows.map((r) => r.id);
  const [collectivites, topics] = ids.length
    ? await Promise.all([
        db
          .selectFrom("thread_collectivite")
          .innerJoin("collectivite", "collectivite.id", "thread_collectivite.collectivite_id")
          .select(["thread_collectivite.thread_id", "collectivite.slug", "collectivite.name"])
          .where("thread_collectivite.thread_id", "in", ids)
          .orderBy("collectivite.name")
          .execute(),
        db
          .selectFrom("thread_topic")
          .innerJoin("topic", "topic.id", "thread_topic.topic_id")
          .select(["thread_topic.thread_id", "topic.slug", "topic.name"])
          .where("thread_topic.thread_id", "in", ids)
          .orderBy("topic.name")
          .execute(),
      ])
    : [[], []];
  const group = (tags: { thread_id: number; slug: string; name: string }[]) => {
    const map = new Map<number, Tag[]>();
    for (const t of tags) map.set(t.thread_id, [...(map.get(t.thread_id) ?? []), { slug: t.slug, name: t.name }]);
    return map;
  };
  const byThreadC = group(collectivites);
  const byThreadT = group(topics);
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    kind: r.kind,
    visibility: r.visibility,
    authorId: r.authorId,
    authorName: r.authorName,
    authorPublicProfile: r.authorPublicProfile,
    createdAt: r.createdAt,
    lastActivityAt: r.lastActivityAt,
    replyCount: r.replyCount,
    locked: r.locked_at !== null,
    lockReason: r.lock_reason,
    pinned: Boolean(r.pinned),
    featured: r.featured_at !== null,
    unlisted: r.unlisted_at !== null,
    report:
      r.reportCollectiviteName && r.reportCollectiviteSlug
        ? {
            collectiviteName: r.reportCollectiviteName,
            collectiviteSlug: r.reportCollectiviteSlug,
            establishments: r.report_establishments,
            periodStart: r.report_period_start,
            periodEnd: r.report_period_end,
          }
        : null,
    governanceStatus: r.governanceStatus,
    resolved: Boolean(r.resolved),
    usefulCount: r.usefulCount,
    collectivites: byThreadC.get(r.id) ?? [],
    topics: byThreadT.get(r.id) ?? [],
    unread: Boolean(r.unread),
    lastReadPosition: r.lastReadPosition ?? null,
  }));
}

export type ThreadLookup =
  | { status: "found"; thread: ThreadSummary }
  | { status: "missing" }
  | { status: "deleted" }
  | { status: "members-only" };

/** A thread as this viewer may see it: members-only threads are not found for visitors. */
export async function findThread(db: Kysely<Database>, viewer: Viewer | null, id: number): Promise<ThreadLookup> {
  const row = await summaryQuery(db, viewer).where("thread.id", "=", id).executeTakeFirst();
  if (!row) {
    const exists = await db.selectFrom("thread").select(["id", "deleted_at"]).where("id", "=", id).executeTakeFirst();
    if (!exists) return { status: "missing" };
    if (exists.deleted_at) return { status: "deleted" };
    return canReadMembers(viewer) ? { status: "missing" } : { status: "members-only" };
  }
  const [thread] = await attachTags(db, [row]);
  return { status: "found", thread: thread! };
}

async function checkTags(db: Kysely<Database>, input: Pick<ThreadInput, "collectiviteIds" | "topicIds" | "report">): Promise<Errors> {
  const errors: Errors = {};
  const collectiviteIds = [...new Set([...input.collectiviteIds, ...(input.report ? [input.report.collectiviteId] : [])])];
  const [collectivites, topics] = await Promise.all([
    db.selectFrom("collectivite").select("id").where("id", "in", collectiviteIds).execute(),
    db.selectFrom("topic").select("id").where("id", "in", input.topicIds).execute(),
  ]);
  const knownC = new Set(collectivites.map((c) => c.id));
  if (input.collectiviteIds.some((id) => !knownC.has(id))) errors.collectiviteIds = "Une des collectivités choisies n'existe pas.";
  if (input.report && !knownC.has(input.report.collectiviteId)) errors.reportCollectiviteId = "Cette collectivité n'existe pas.";
  const knownT = new Set(topics.map((t) => t.id));
  if (input.topicIds.some((id) => !knownT.has(id))) errors.topicIds = "Une des thématiques choisies n'existe pas.";
  return errors;
}

/**
 * Creates the thread, its opening post and its tags in one transaction. With a submission key, a
 * repeat of the same submission creates nothing and answers the thread the first one created.
 */
export async function createThread(
  db: Kysely<Database>,
  author: Viewer,
  input: ThreadInput,
  submissionKey: string | null = null,
): Promise<{ ok: true; id: number; slug: string; repeated: boolean } | { ok: false; errors: Errors }> {
  if (!can(author, "thread.create")) return { ok: false, errors: { form: "Votre rôle ne permet pas d'ouvrir un fil." } };
  const errors = await checkTags(db, input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const { html, mentions } = await renderPostWithMentions(db, input.body);
  const slug = slugify(input.title);
  const created = await db.transaction().execute(async (trx) => {
    if (submissionKey) {
      const claim = await claimSubmissionKey(trx, author.id, submissionKey);
      if (!claim.claimed) {
        const first = claim.threadId ? await trx.selectFrom("thread").select(["id", "slug"]).where("id", "=", claim.threadId).executeTakeFirst() : undefined;
        return first ? { id: first.id, slug: first.slug, repeated: true } : null;
      }
    }
    const thread = await trx
      .insertInto("thread")
      .values({
        slug,
        title: input.title,
        kind: input.kind,
        author_id: author.id,
        report_collectivite_id: input.report?.collectiviteId ?? null,
        report_establishments: input.report?.establishments ?? null,
        report_period_start: input.report?.periodStart ?? null,
        report_period_end: input.report?.periodEnd ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const post = await trx
      .insertInto("post")
      .values({ thread_id: thread.id, position: 1, author_id: author.id, body_markdown: input.body, body_html: html })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.updateTable("thread").set({ last_post_id: post.id }).where("id", "=", thread.id).execute();
    await trx.insertInto("thread_collectivite").values(input.collectiviteIds.map((cid) => ({ thread_id: thread.id, collectivite_id: cid }))).execute();
    await trx.insertInto("thread_topic").values(input.topicIds.map((tid) => ({ thread_id: thread.id, topic_id: tid }))).execute();
    await trx.insertInto("thread_read").values({ user_id: author.id, thread_id: thread.id, last_read_position: 1 }).execute();
    await linkPostFiles(trx, post.id, author.id, input.body, { isNew: true });
    await afterPostCreated(trx, {
      threadId: thread.id,
      postId: post.id,
      authorId: author.id,
      opensThread: true,
      visibility: "members",
      mentions,
      quotedPostIds: quotedPostIds(input.body),
    });
    if (submissionKey) await recordSubmission(trx, author.id, submissionKey, { threadId: thread.id, postId: post.id });
    await notify(trx, "thread_posts", String(thread.id));
    return { id: thread.id, slug, repeated: false };
  });
  if (!created) return { ok: false, errors: { form: "Ce formulaire a déjà été envoyé." } };
  return { ok: true, ...created };
}

/**
 * Moderators open a thread to visitors without an account, or close it again. A real change writes
 * one journal entry in the same transaction; asking for the visibility it already has changes nothing.
 */
export async function setThreadVisibility(db: Kysely<Database>, actor: Viewer, id: number, visibility: ThreadVisibility): Promise<boolean> {
  if (!can(actor, "thread.curate")) return false;
  return db.transaction().execute(async (trx) => {
    const thread = await trx.selectFrom("thread").select(["id", "visibility", "author_id"]).where("id", "=", id).where("deleted_at", "is", null).forUpdate().executeTakeFirst();
    if (!thread) return false;
    if (thread.visibility === visibility) return true;
    await trx.updateTable("thread").set({ visibility }).where("id", "=", id).execute();
    await recordAudit(trx, { actorId: actor.id, action: "thread.visibility_changed", details: { threadId: id, from: thread.visibility, to: visibility } });
    return true;
  });
}
