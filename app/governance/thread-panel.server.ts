import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import type { SessionUser } from "../auth/session.server";
import { POSTS_PER_PAGE } from "../forum/kinds";
import type { ThreadSummary } from "../forum/threads.server";
import { parseId } from "../lib/ids";
import { articleAnchor, articleLabel, splitArticles } from "./articles";
import { loadProposalState, mayMove } from "./proposals.server";
import { transitions } from "./statuses";
import { findVersion } from "./versions.server";
import { quoteVersionMarkdown } from "./quote";

/**
 * The proposal's part of a thread page (null for other kinds): status, events of the page, the
 * standing decision, the moves this viewer may make, and a reply prepared from a version: a quoted
 * article (`?citer-version=12&article=3`) or a comment on an article (`?commenter=12&article=3`).
 */
export async function loadThreadProposal(db: Kysely<Database>, request: Request, user: SessionUser | null, thread: ThreadSummary, page: number, pageCount: number) {
  const state = await loadProposalState(db, thread, { from: (page - 1) * POSTS_PER_PAGE + 1, to: page * POSTS_PER_PAGE, last: page === pageCount });
  if (!state) return null;
  const moves = transitions[state.status].filter((to) => mayMove(user, thread.authorId, to));
  const url = new URL(request.url);
  const article = url.searchParams.get("article") ?? "";
  const quoteId = parseId(url.searchParams.get("citer-version"));
  const commentId = parseId(url.searchParams.get("commenter"));
  let replyDraft: string | null = null;
  let commentOn: { versionId: number; versionNumber: number; article: string; label: string } | null = null;
  const versionId = quoteId ?? commentId;
  if (versionId && article.length <= 20) {
    const version = await findVersion(db, versionId);
    const found = version && version.threadId === thread.id ? splitArticles(version.markdown).find((a) => a.number === article) : undefined;
    if (version && found) {
      const link = `/gouvernance/versions/${version.id}#${articleAnchor(found.number)}`;
      if (quoteId) replyDraft = quoteVersionMarkdown({ versionNumber: version.number, link, label: articleLabel(found.number), markdown: found.markdown });
      else {
        commentOn = { versionId: version.id, versionNumber: version.number, article: found.number, label: articleLabel(found.number) };
        replyDraft = `*Sur l'[${articleLabel(found.number).toLowerCase()} de la version ${version.number}](${link}) :*\n\n`;
      }
    }
  }
  return { ...state, moves, replyDraft, commentOn };
}
