import { sql, type Kysely, type Transaction } from "kysely";

import type { Database, ReportReason, ReportResolution } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { can } from "../auth/permissions";
import type { Viewer } from "../forum/viewer";
import { AUTO_HIDE_THRESHOLD, type FormErrors } from "./moderation-form";
import { hideIn, lockPost } from "./post-moderation.server";
import { allowedOrJournaled, refusedMessage, type Moderator } from "./refusal.server";
import { warnIn } from "./warnings.server";

/**
 * Reports (signalements): any member who can read a post reports it once, with a reason. The
 * third distinct open report hides it pending review (one `post.auto_hidden` entry, no actor) and
 * its author is told. Moderators resolve a post's open reports at once: hide it, lock its thread,
 * warn its author, edit it, or dismiss (all but hiding and locking show again a post hidden
 * automatically); one `reports.resolved` entry.
 */

export type ReportResult = { ok: true; autoHidden: boolean } | { ok: false; status: 400 | 403 | 404 | 409; errors: FormErrors };

const unreadable = { ok: false, status: 404, errors: { form: "Ce message n'existe pas, a été supprimé ou masqué : il ne peut pas être signalé." } } as const;

export async function reportPost(
  db: Kysely<Database>,
  reporter: Viewer,
  postId: number,
  input: { reason: ReportReason; note: string | null },
): Promise<ReportResult> {
  if (!can(reporter, "post.report")) return { ok: false, status: 403, errors: { form: "Connectez-vous pour signaler un message." } };
  return db.transaction().execute(async (trx) => {
    // The post row is locked: two reports at once count one after the other.
    const post = await lockPost(trx, postId);
    if (!post || post.deleted_at || post.hidden_at) return unreadable;
    if (post.author_id === reporter.id) return { ok: false as const, status: 400 as const, errors: { form: "Vous ne pouvez pas signaler votre propre message : modifiez-le ou supprimez-le." } };
    const inserted = await trx
      .insertInto("post_report")
      .values({ post_id: postId, reporter_id: reporter.id, reason: input.reason, note: input.note })
      .onConflict((oc) => oc.columns(["post_id", "reporter_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) return { ok: false as const, status: 409 as const, errors: { form: "Vous avez déjà signalé ce message : les modérateurs l'examineront." } };
    const open = await trx
      .selectFrom("post_report")
      .select((eb) => eb.fn.count<number>("reporter_id").distinct().as("reporters"))
      .where("post_id", "=", postId)
      .where("resolved_at", "is", null)
      .executeTakeFirstOrThrow();
    if (Number(open.reporters) < AUTO_HIDE_THRESHOLD) return { ok: true as const, autoHidden: false };
    const reason = "Signalé par plusieurs membres, en attente de l'examen d'un modérateur.";
    await hideIn(trx, null, post, reason);
    await recordAudit(trx, {
      actorId: null,
      action: "post.auto_hidden",
      targetUserId: post.author_id,
      details: { postId, threadId: post.thread_id, reporters: Number(open.reporters), before: { hidden: false }, after: { hidden: true, reason } },
    });
    return { ok: true as const, autoHidden: true };
  });
}

/** The number of open reports, for the moderators' header. */
export async function countOpenReports(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("post_report").select((eb) => eb.fn.countAll<number>().as("n")).where("resolved_at", "is", null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The ids of a post's open reports, for the edit page when it resolves them. */
export async function openReportIds(db: Kysely<Database>, postId: number): Promise<number[]> {
  const rows = await db.selectFrom("post_report").select("id").where("post_id", "=", postId).where("resolved_at", "is", null).orderBy("id").execute();
  return rows.map((r) => r.id);
}

export interface QueueReport {
  id: number;
  reporterId: number;
  reporterName: string;
  reason: ReportReason;
  note: string | null;
  createdAt: Date;
}

export interface QueueItem {
  postId: number;
  threadId: number;
  threadSlug: string;
  threadTitle: string;
  threadLocked: boolean;
  position: number;
  authorId: number;
  authorName: string;
  html: string;
  createdAt: Date;
  hiddenAt: Date | null;
  hiddenAutomatically: boolean;
  firstReportAt: Date;
  reports: QueueReport[];
}

export const QUEUE_PAGE = 30;

/**
 * The queue: posts with open reports, the oldest first report first, each with its reports and
 * reporters. Three queries whatever the number of posts and reports.
 */
export async function listReportQueue(db: Kysely<Database>): Promise<QueueItem[]> {
  const groups = await db
    .selectFrom("post_report")
    .select(["post_id", (eb) => eb.fn.min("created_at").as("first")])
    .where("resolved_at", "is", null)
    .groupBy("post_id")
    .orderBy("first")
    .orderBy("post_id")
    .limit(QUEUE_PAGE)
    .execute();
  if (groups.length === 0) return [];
  const ids = groups.map((g) => g.post_id);
  const [posts, reports] = await Promise.all([
    db
      .selectFrom("post")
      .innerJoin("thread", "thread.id", "post.thread_id")
      .innerJoin("app_user as author", "author.id", "post.author_id")
      .select([
        "post.id",
        "post.thread_id",
        "thread.slug",
        "thread.title",
        "thread.locked_at",
        "post.position",
        "post.author_id",
        "author.display_name",
        "post.body_html",
        "post.deleted_at",
        "post.created_at",
        "post.hidden_at",
        "post.hidden_by",
      ])
      .where("post.id", "in", ids)
      .execute(),
    db
      .selectFrom("post_report")
      .innerJoin("app_user as reporter", "reporter.id", "post_report.reporter_id")
      .select([
        "post_report.id",
        "post_report.post_id",
        "post_report.reporter_id as reporterId",
        "reporter.display_name as reporterName",
        "post_report.reason",
        "post_report.note",
        "post_report.created_at as createdAt",
      ])
      .where("post_report.post_id", "in", ids)
      .where("post_report.resolved_at", "is", null)
      .orderBy("post_report.created_at")
      .orderBy("post_report.id")
      .execute(),
  ]);
  const byId = new Map(posts.map((p) => [p.id, p]));
  return groups.flatMap((group) => {
    const post = byId.get(group.post_id);
    if (!post) return [];
    return [
      {
        postId: post.id,
        threadId: post.thread_id,
        threadSlug: post.slug,
        threadTitle: post.title,
        threadLocked: post.locked_at !== null,
        position: post.position,
        authorId: post.author_id,
        authorName: post.display_name,
        html: post.deleted_at ? "" : post.body_html,
        createdAt: post.created_at,
        hiddenAt: post.hidden_at,
        hiddenAutomatically: post.hidden_at !== null && post.hidden_by === null,
        firstReportAt: new Date(group.first as Date),
        reports: reports.filter((r) => r.post_id === post.id).map(({ post_id: _post, ...r }) => r),
      },
    ];
  });
}

export type ResolveResult = { ok: true; resolved: number } | { ok: false; status: 400 | 403 | 404 | 409; errors: FormErrors };

/**
 * Resolves every open report of a post at once. The form lists the report ids it showed: if
 * another report arrived or another moderator resolved them meanwhile, the form is stale.
 */
export async function resolveReports(
  db: Kysely<Database>,
  actor: Moderator,
  postId: number,
  input: { resolution: ReportResolution; note: string; reportIds: number[] },
): Promise<ResolveResult> {
  if (!(await allowedOrJournaled(db, actor, "reports.handle", { act: "reports.resolve", target: { postId } }))) {
    return { ok: false, status: 403, errors: { form: refusedMessage } };
  }
  return db.transaction().execute(async (trx) => {
    const post = await lockPost(trx, postId);
    if (!post) return { ok: false as const, status: 404 as const, errors: { form: "Ce message n'existe plus." } };
    return resolveOpenReportsIn(trx, actor, post, input);
  });
}

export const staleReports = {
  ok: false,
  status: 409,
  errors: { form: "Ces signalements ont changé entre-temps (traités par quelqu'un d'autre, ou un nouveau signalement) : rien n'a été changé. Relisez-les puis recommencez." },
} as const;

type LockedPost = NonNullable<Awaited<ReturnType<typeof lockPost>>>;

/**
 * The resolution itself, inside the caller's transaction with the post row locked: also used when
 * a moderator resolves reports by editing the post (app/forum/post-editing.server.ts), so that the
 * act writes one entry. `extra` joins the entry's details (the edit's versions).
 */
export async function resolveOpenReportsIn(
  trx: Transaction<Database>,
  actor: Moderator,
  post: LockedPost,
  input: { resolution: ReportResolution; note: string; reportIds: number[] },
  extra: Record<string, unknown> = {},
): Promise<ResolveResult> {
  const postId = post.id;
  const open = await trx.selectFrom("post_report").select("id").where("post_id", "=", postId).where("resolved_at", "is", null).orderBy("id").execute();
  const openIds = open.map((r) => r.id);
  const shown = [...new Set(input.reportIds)].sort((a, b) => a - b);
  if (openIds.length === 0 || openIds.join(",") !== shown.join(",")) return staleReports;
  const before = { hidden: post.hidden_at !== null, hiddenAutomatically: post.hidden_at !== null && post.hidden_by === null };
  let after: Record<string, unknown> = {};
  if (input.resolution === "hidden") {
    if (!post.hidden_at) await hideIn(trx, actor.id, post, input.note);
    // Hidden automatically: the moderator's decision and reason replace the pending notice.
    else if (post.hidden_by === null) await trx.updateTable("post").set({ hidden_reason: input.note, hidden_by: actor.id }).where("id", "=", postId).execute();
    after = { hidden: true, reason: input.note };
  } else if (input.resolution === "locked") {
    await trx
      .updateTable("thread")
      .set({ locked_at: sql<Date>`coalesce(locked_at, now())`, lock_reason: sql<string>`coalesce(lock_reason, ${input.note})`, locked_by: actor.id, curation_version: sql<number>`curation_version + 1` })
      .where("id", "=", post.thread_id)
      .execute();
    after = { threadLocked: true, reason: input.note };
  } else if (input.resolution === "warned") {
    const warning = await warnIn(trx, actor.id, post.author_id, input.note, postId);
    after = { warningId: warning.id };
  }
  if (input.resolution !== "hidden" && input.resolution !== "locked" && before.hiddenAutomatically) {
    // Dismissed, edited or warned: a post hidden only by the reports comes back (and re-enters search).
    await trx.updateTable("post").set({ hidden_at: null, hidden_reason: null, hidden_by: null }).where("id", "=", postId).execute();
    after = { ...after, hidden: false };
  }
  await trx
    .updateTable("post_report")
    .set({ resolved_at: sql<Date>`now()`, resolved_by: actor.id, resolution: input.resolution, resolution_note: input.note })
    .where("id", "in", openIds)
    .execute();
  await recordAudit(trx, {
    actorId: actor.id,
    action: "reports.resolved",
    targetUserId: post.author_id,
    details: { postId, threadId: post.thread_id, resolution: input.resolution, note: input.note, reportIds: openIds, before, after, ...extra },
  });
  return { ok: true as const, resolved: openIds.length };
}
