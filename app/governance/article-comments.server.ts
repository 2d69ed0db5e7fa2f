import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { parseId } from "../lib/ids";
import { articleAnchor, articleLabel, splitArticles } from "./articles";

/**
 * Comments on an article: a reply written from "Commenter cet article" carries the version and the
 * article; once the reply exists it is attached to them (if the version belongs to the thread and
 * has that article; otherwise the reply stays an ordinary reply).
 */
export async function attachArticleComment(
  db: Kysely<Database>,
  input: { postId: number; threadId: number; versionField: string; articleField: string },
): Promise<boolean> {
  const versionId = parseId(input.versionField);
  if (!versionId || input.articleField.length > 20) return false;
  const version = await db.selectFrom("reference_version").select(["id", "thread_id", "body_markdown"]).where("id", "=", versionId).executeTakeFirst();
  if (!version || version.thread_id !== input.threadId) return false;
  if (!splitArticles(version.body_markdown).some((a) => a.number === input.articleField && a.number !== "")) return false;
  await db.insertInto("article_comment").values({ post_id: input.postId, version_id: versionId, article: input.articleField }).onConflict((oc) => oc.column("post_id").doNothing()).execute();
  return true;
}

export interface ArticleCommentLink {
  postId: number;
  versionId: number;
  versionNumber: number;
  label: string;
  anchor: string;
}

/** For the posts of a thread page: which article each comments on (one query). */
export async function articleCommentsOf(db: Kysely<Database>, postIds: number[]): Promise<Record<number, ArticleCommentLink>> {
  if (postIds.length === 0) return {};
  return articleCommentLinks(await articleCommentsQuery(db, postIds).execute());
}

/** The article comments among these posts (none for no post); also part of the thread page's statement. */
export function articleCommentsQuery(db: Kysely<Database>, postIds: number[]) {
  return db
    .selectFrom("article_comment as c")
    .innerJoin("reference_version as v", "v.id", "c.version_id")
    .select(["c.post_id", "c.version_id", "v.number", "c.article"])
    .where((eb) => (postIds.length > 0 ? eb("c.post_id", "in", postIds) : eb.lit(false)));
}

export function articleCommentLinks(rows: { post_id: number; version_id: number; number: number; article: string }[]): Record<number, ArticleCommentLink> {
  return Object.fromEntries(
    rows.map((r) => [r.post_id, { postId: r.post_id, versionId: r.version_id, versionNumber: r.number, label: articleLabel(r.article), anchor: articleAnchor(r.article) }]),
  );
}

/** The replies commenting on one article of a version, for the links of the text view. */
export async function commentsOnArticle(db: Kysely<Database>, versionId: number, article: string) {
  return db
    .selectFrom("article_comment as c")
    .innerJoin("post as p", "p.id", "c.post_id")
    .select(["p.id", "p.position"])
    .where("c.version_id", "=", versionId)
    .where("c.article", "=", article)
    .where("p.deleted_at", "is", null)
    .orderBy("p.position")
    .execute();
}
