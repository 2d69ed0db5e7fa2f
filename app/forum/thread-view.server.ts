import { sql, type Expression, type Kysely, type RawBuilder } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";

import type { Database } from "../../db/schema";
import { usefulInfoByPost, usefulMarksQuery } from "../appreciation/useful.server";
import { can } from "../auth/permissions";
import type { SessionUser } from "../auth/session.server";
import { bookmarksAmongQuery } from "../bookmarks/bookmarks.server";
import { draftQuery } from "../drafts/drafts.server";
import { attachmentsByPost, attachmentsQuery } from "../files/post-files.server";
import { articleCommentLinks, articleCommentsQuery } from "../governance/article-comments.server";
import { loadThreadProposal } from "../governance/thread-panel.server";
import { redactHiddenPosts } from "../moderation/post-moderation.server";
import { retagRights } from "../moderation/thread-retag.server";
import { threadWatchLevelQuery } from "../notifications/watch.server";
import { acceptedAnswerQuery, mayAcceptAnswer } from "./accepted-answer.server";
import type { PostView } from "./posts.server";
import { newSubmissionKey } from "./submission-keys.server";
import { loadThreadPage } from "./thread-page.server";
import type { ThreadSummary } from "./threads.server";

/**
 * Everything a thread page (`/fils/:ref`, app/routes/fils.$ref.tsx) shows, once the thread is known
 * readable (`requireReadableThread`). Reads go to `readDb` (a read replica when there is one), the
 * member's reading position is written to `db`, the primary. After the page's posts, what the page
 * shows around them (useful marks, files, the member's bookmarks, watch level and draft, the
 * accepted answer of a question, a proposal's article comments) is read in one statement.
 */
export async function loadThreadView(
  { db, readDb }: { db: Kysely<Database>; readDb: Kysely<Database> },
  request: Request,
  user: SessionUser | null,
  thread: ThreadSummary,
) {
  const page = await loadThreadPage(db, request, user, thread, readDb);
  const proposal = await loadThreadProposal(readDb, request, user, thread, page.page, page.pageCount);
  const extras = await loadPageExtras(readDb, user, thread, page.posts, proposal !== null);
  const isQuestion = thread.kind === "question";
  return {
    ...extras,
    canAccept: isQuestion && mayAcceptAnswer(user, thread.authorId),
    canDraft: can(user, "post.draft"),
    canMarkUseful: can(user, "post.markUseful"),
    thread,
    ...page,
    // A quote asked for (`?citer=`) first, then the member's draft saved on the server.
    replyDraft: proposal?.replyDraft ?? (page.replyDraft || extras.draftBody || ""),
    proposal,
    canManageGovernance: can(user, "governance.manage"),
    // Moderation: a hidden post's body only for those who handle reports.
    posts: redactHiddenPosts(page.posts, can(user, "reports.handle")),
    canReport: can(user, "post.report"),
    canModerate: can(user, "reports.handle"),
    canEditAny: can(user, "post.editAny"),
    canRetag: retagRights(user, thread.authorId).retag,
    now: Date.now(),
    viewerId: user?.id ?? null,
    canReply: can(user, "post.reply"),
    canCurate: can(user, "thread.curate"),
    canSplit: can(user, "thread.split"),
    canMerge: can(user, "thread.merge"),
    signedIn: user !== null,
    // Only for who may reply: a visitor's page is shared through the page cache.
    submissionKey: can(user, "post.reply") ? newSubmissionKey() : "",
  };
}

/** The expression when the condition holds, else SQL null (a part of the statement the viewer may not have). */
function onlyIf<T>(condition: boolean, expression: () => Expression<T>): RawBuilder<T | null> {
  return condition ? sql<T | null>`${expression()}` : sql<null>`null`;
}

/**
 * One statement, one row: each part is a subquery of its own domain (planned on its own index, as
 * when it was a statement of its own), sent back as JSON. A visitor's row holds nothing of a member:
 * their page is shared through the page cache.
 */
async function loadPageExtras(db: Kysely<Database>, user: SessionUser | null, thread: ThreadSummary, posts: PostView[], isProposal: boolean) {
  const ids = posts.map((p) => p.id);
  // A deleted or hidden post's files are not listed (nor served: app/files/access.server.ts).
  const withFiles = posts.filter((p) => !p.deleted && (!p.hidden || can(user, "thread.curate"))).map((p) => p.id);
  const member = user && can(user, "thread.watch") ? user : null;
  const row = await db
    .selectNoFrom([
      jsonArrayFrom(usefulMarksQuery(db, ids)).as("useful"),
      jsonArrayFrom(attachmentsQuery(db, withFiles)).as("attachments"),
      onlyIf(user !== null && can(user, "post.bookmark"), () => jsonArrayFrom(bookmarksAmongQuery(db, user!.id, ids))).as("bookmarks"),
      onlyIf(member !== null, () => jsonObjectFrom(threadWatchLevelQuery(db, member!.id, thread.id))).as("watchLevel"),
      onlyIf(user !== null && can(user, "post.draft"), () => jsonObjectFrom(draftQuery(db, user!.id, { threadId: thread.id }))).as("draft"),
      onlyIf(thread.kind === "question", () => jsonObjectFrom(acceptedAnswerQuery(db, thread.id, can(user, "reports.handle")))).as("acceptedAnswer"),
      onlyIf(isProposal, () => jsonArrayFrom(articleCommentsQuery(db, ids))).as("articleComments"),
    ])
    .executeTakeFirstOrThrow();
  const accepted = row.acceptedAnswer;
  return {
    useful: usefulInfoByPost(row.useful, user?.id ?? null),
    attachments: attachmentsByPost(row.attachments),
    bookmarks: row.bookmarks?.map((b) => b.post_id) ?? null,
    // No row: the default level.
    watchLevel: member ? (row.watchLevel?.level ?? "normal") : null,
    draftBody: row.draft?.body ?? null,
    // JSON carries the date as text.
    acceptedAnswer: accepted ? { ...accepted, createdAt: new Date(accepted.createdAt) } : null,
    articleComments: articleCommentLinks(row.articleComments ?? []),
  };
}
