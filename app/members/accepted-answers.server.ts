import { sql, type Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { can } from "../auth/permissions";
import type { Viewer } from "../forum/viewer";

/** A member's replies accepted as the answer of a question (profile page; members only). */
export interface AcceptedAnswerItem {
  postId: number;
  threadId: number;
  threadSlug: string;
  threadTitle: string;
  createdAt: Date;
}

export const ACCEPTED_ANSWERS_SHOWN = 20;

/** How many of the member's replies were accepted, and the latest ones: one query. */
export async function listAcceptedAnswers(
  db: Kysely<Database>,
  viewer: Viewer | null,
  userId: number,
  limit = ACCEPTED_ANSWERS_SHOWN,
): Promise<{ count: number; answers: AcceptedAnswerItem[] }> {
  if (!can(viewer, "member.profile")) return { count: 0, answers: [] };
  const rows = await db
    .selectFrom("post")
    .innerJoin("thread", "thread.accepted_post_id", "post.id")
    .select([
      "post.id as postId",
      "thread.id as threadId",
      "thread.slug as threadSlug",
      "thread.title as threadTitle",
      "post.created_at as createdAt",
      sql<number>`count(*) over ()`.as("total"),
    ])
    .where("post.author_id", "=", userId)
    .where("post.deleted_at", "is", null)
    .where("post.hidden_at", "is", null)
    .where("thread.kind", "=", "question")
    .where("thread.deleted_at", "is", null)
    .where("thread.unlisted_at", "is", null)
    .orderBy("post.created_at", "desc")
    .orderBy("post.id", "desc")
    .limit(limit)
    .execute();
  return { count: Number(rows[0]?.total ?? 0), answers: rows.map(({ total: _total, ...answer }) => answer) };
}
