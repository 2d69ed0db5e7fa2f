import { sql, type Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { allowedOrJournaled, refusedMessage, type Moderator } from "../moderation/refusal.server";
import { renderMarkdown } from "../markdown/render.server";
import { articleAnchor, articleLabel, diffArticles, splitArticles, type ArticleChange } from "./articles";
import type { FormErrors, VersionInput } from "./forms";

/**
 * The reference text of a proposal: every version kept, numbered 1, 2, 3… per thread. A new version
 * is saved against the number it was edited from; if another moderator saved in between, nothing is
 * saved and both texts are returned (as post edits do).
 */

export interface VersionSummary {
  id: number;
  number: number;
  comment: string;
  authorName: string | null;
  createdAt: Date;
}

export interface VersionView extends VersionSummary {
  threadId: number;
  markdown: string;
}

export type SaveResult =
  | { ok: true; id: number; number: number }
  | { ok: false; status: 400 | 403 | 404 | 409; errors: FormErrors; current?: VersionView | null };

function versionQuery(db: Kysely<Database>) {
  return db
    .selectFrom("reference_version as v")
    .leftJoin("app_user as author", "author.id", "v.author_id")
    .select(["v.id", "v.thread_id as threadId", "v.number", "v.comment", "author.display_name as authorName", "v.created_at as createdAt", "v.body_markdown as markdown"]);
}

export async function listVersions(db: Kysely<Database>, threadId: number): Promise<VersionSummary[]> {
  return db
    .selectFrom("reference_version as v")
    .leftJoin("app_user as author", "author.id", "v.author_id")
    .select(["v.id", "v.number", "v.comment", "author.display_name as authorName", "v.created_at as createdAt"])
    .where("v.thread_id", "=", threadId)
    .orderBy("v.number", "desc")
    .execute();
}

export async function findVersion(db: Kysely<Database>, id: number): Promise<VersionView | null> {
  return (await versionQuery(db).where("v.id", "=", id).executeTakeFirst()) ?? null;
}

export async function latestVersion(db: Kysely<Database>, threadId: number): Promise<VersionView | null> {
  return (await versionQuery(db).where("v.thread_id", "=", threadId).orderBy("v.number", "desc").limit(1).executeTakeFirst()) ?? null;
}

export async function saveVersion(db: Kysely<Database>, actor: Moderator, threadId: number, input: VersionInput): Promise<SaveResult> {
  return db.transaction().execute(async (trx): Promise<SaveResult> => {
    const thread = await trx
      .selectFrom("thread")
      .select(["id", "title", "governance_status"])
      .where("id", "=", threadId)
      .where("deleted_at", "is", null)
      .forUpdate()
      .executeTakeFirst();
    if (!thread || thread.governance_status === null) return { ok: false, status: 404, errors: { form: "Cette proposition n'existe pas." } };
    if (!(await allowedOrJournaled(trx, actor, "governance.manage", { act: "governance.version", target: { threadId } }))) {
      return { ok: false, status: 403, errors: { form: refusedMessage } };
    }
    const current = (await versionQuery(trx).where("v.thread_id", "=", threadId).orderBy("v.number", "desc").limit(1).executeTakeFirst()) ?? null;
    const currentNumber = current?.number ?? 0;
    if (currentNumber !== input.base) {
      return {
        ok: false,
        status: 409,
        current,
        errors: {
          form: `Quelqu'un a enregistré la version ${currentNumber} pendant que vous modifiiez le texte : votre version n'a pas été enregistrée. Comparez les deux textes ci-dessous, reprenez vos changements dans votre texte (conservé), puis enregistrez à nouveau.`,
        },
      };
    }
    if (current && current.markdown === input.body) {
      return { ok: false, status: 400, errors: { body: "Ce texte est identique à la version en vigueur : rien à enregistrer." } };
    }
    const saved = await trx
      .insertInto("reference_version")
      .values({ thread_id: threadId, number: currentNumber + 1, body_markdown: input.body, comment: input.comment, author_id: actor.id })
      .returning(["id", "number"])
      .executeTakeFirstOrThrow();
    await trx.updateTable("thread").set({ last_activity_at: sql`now()` }).where("id", "=", threadId).execute();
    await recordAudit(trx, {
      actorId: actor.id,
      action: "governance.version_saved",
      details: { threadId, title: thread.title, versionId: saved.id, number: saved.number, comment: input.comment },
    });
    return { ok: true, id: saved.id, number: saved.number };
  });
}

export interface Comparison {
  threadId: number;
  before: VersionView;
  after: VersionView;
  changes: ArticleChange[];
}

/** Two versions of the same proposal, older first, diffed by article; null if they are not of one proposal. */
export async function compareVersions(db: Kysely<Database>, firstId: number, secondId: number): Promise<Comparison | null> {
  const rows = await versionQuery(db).where("v.id", "in", [firstId, secondId]).execute();
  const first = rows.find((r) => r.id === firstId);
  const second = rows.find((r) => r.id === secondId);
  if (!first || !second || first.threadId !== second.threadId) return null;
  const [before, after] = first.number <= second.number ? [first, second] : [second, first];
  return { threadId: before.threadId, before, after, changes: diffArticles(before.markdown, after.markdown) };
}

/** Per article of a version, how many replies comment on it. */
export async function articleCommentCounts(db: Kysely<Database>, versionId: number): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("article_comment as c")
    .innerJoin("post as p", "p.id", "c.post_id")
    .select(["c.article", sql<number>`count(*)::int`.as("count")])
    .where("c.version_id", "=", versionId)
    .where("p.deleted_at", "is", null)
    .groupBy("c.article")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.article, r.count]));
}

export interface RenderedArticle {
  number: string;
  label: string;
  anchor: string;
  html: string;
  markdown: string;
}

/** A version's articles rendered one by one (sanitized HTML, no database access), for anchors and counts. */
export function renderArticles(markdown: string): RenderedArticle[] {
  return splitArticles(markdown).map((a) => ({ number: a.number, label: articleLabel(a.number), anchor: articleAnchor(a.number), html: renderMarkdown(a.markdown), markdown: a.markdown }));
}

/** A member without the right posted the version form: journaled, and the route answers 403. */
export async function journalRefusedVersion(db: Kysely<Database>, actor: Moderator, threadId: number): Promise<void> {
  await allowedOrJournaled(db, actor, "governance.manage", { act: "governance.version", target: { threadId } });
}
