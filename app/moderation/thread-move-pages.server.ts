import { sql, type Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { POSTS_PER_PAGE } from "../forum/kinds";
import type { MovedPostView } from "./thread-move-checks.server";

/** What the split and merge pages show (`/fils/:ref/deplacer`, `/fils/:ref/fusionner`). */

export interface MovablePost extends MovedPostView {
  deleted: boolean;
  hidden: boolean;
}

/** One page of a thread for the move form (the posts' first characters, never their HTML) and its version. */
export async function loadMovePage(db: Kysely<Database>, threadId: number, page: number): Promise<{ posts: MovablePost[]; version: number }> {
  const from = (page - 1) * POSTS_PER_PAGE;
  const [rows, thread] = await Promise.all([
    db
      .selectFrom("post")
      .innerJoin("app_user as author", "author.id", "post.author_id")
      .select(["post.id", "post.position", "author.display_name as authorName", "post.created_at as createdAt", sql<string>`left(post.body_markdown, 160)`.as("excerpt"), "post.deleted_at", "post.hidden_at"])
      .where("post.thread_id", "=", threadId)
      .where("post.position", ">", from)
      .where("post.position", "<=", from + POSTS_PER_PAGE)
      .orderBy("post.position")
      .execute(),
    db.selectFrom("thread").select("curation_version").where("id", "=", threadId).executeTakeFirstOrThrow(),
  ]);
  return {
    version: thread.curation_version,
    posts: rows.map(({ deleted_at, hidden_at, excerpt, ...row }) => ({ ...row, excerpt: deleted_at ? "" : excerpt, deleted: deleted_at !== null, hidden: hidden_at !== null })),
  };
}

/** The version of a thread's moderation forms (the merge form carries it). */
export async function threadVersion(db: Kysely<Database>, threadId: number): Promise<number> {
  const row = await db.selectFrom("thread").select("curation_version").where("id", "=", threadId).executeTakeFirstOrThrow();
  return row.curation_version;
}
