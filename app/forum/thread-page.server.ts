import { redirect } from "@remix-run/node";
import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { signInUrl } from "../auth/guards.server";
import type { SessionUser } from "../auth/session.server";
import { parseId } from "../lib/ids";
import { findQuotablePost, firstUnreadPost, listPostsPage, markRead } from "./posts.server";
import { pageOfPosition } from "./pages";
import { quoteMarkdown } from "./quote";
import { parseThreadRef, threadPath } from "./slug";
import { findMergedThread } from "./thread-redirects.server";
import { findThread, type ThreadSummary } from "./threads.server";

/**
 * Resolves a `/fils/:ref` request to a readable thread, or throws the right answer: 404 for what
 * does not exist, sign-in for visitors on members-only threads, a redirect to the canonical URL.
 */
export async function requireReadableThread(
  db: Kysely<Database>,
  request: Request,
  user: SessionUser | null,
  ref: string | undefined,
): Promise<ThreadSummary> {
  const parsed = parseThreadRef(ref);
  if (!parsed) throw new Response("Fil introuvable", { status: 404 });
  const found = await findThread(db, user, parsed.id);
  if (found.status === "missing") {
    // A thread merged into another: its old address (and what follows it) answers 301 there.
    const merged = request.method === "GET" || request.method === "HEAD" ? await findMergedThread(db, user, parsed.id) : null;
    if (merged === "sign-in") throw redirect(signInUrl(request));
    if (merged) throw redirect(`${threadPath(merged)}${nestedPath(request)}`, 301);
    throw new Response("Fil introuvable", { status: 404 });
  }
  if (found.status === "deleted") throw new Response("Ce fil a été supprimé avec son premier message.", { status: 410 });
  if (found.status === "members-only") throw redirect(signInUrl(request));
  if (parsed.slug !== found.thread.slug && request.method === "GET") {
    // Keep what follows the reference (`/messages/12/historique`): only the slug is corrected.
    throw redirect(`${threadPath(found.thread)}${nestedPath(request)}${new URL(request.url).search}`, 301);
  }
  return found.thread;
}

/** What follows `/fils/:ref` in the request's path ("/etiquettes"), or "". */
function nestedPath(request: Request): string {
  const nested = new URL(request.url).pathname.split("/").slice(3).join("/");
  return nested ? `/${nested}` : "";
}

export async function loadThreadPage(db: Kysely<Database>, request: Request, user: SessionUser | null, thread: ThreadSummary) {
  const url = new URL(request.url);
  const pageCount = pageOfPosition(thread.replyCount + 1);
  const pageParam = url.searchParams.get("page");
  if (pageParam === null && user) {
    // Opening a thread again lands on the first post not yet read.
    const unread = await firstUnreadPost(db, user.id, thread.id);
    if (unread && unread.position > 1) {
      throw redirect(`${threadPath(thread)}?page=${pageOfPosition(unread.position)}#message-${unread.id}`);
    }
  }
  const page = pageParam === null ? 1 : Number(pageParam);
  if (!Number.isInteger(page) || page < 1) throw new Response("Page introuvable", { status: 404 });
  // Beyond the last page (a stale link, `?page=9999`): the last page.
  if (page > pageCount) throw redirect(`${threadPath(thread)}?page=${pageCount}`);
  const posts = await listPostsPage(db, thread.id, page);
  const lastShown = posts.at(-1)?.position;
  if (user && lastShown) await markRead(db, user.id, thread.id, lastShown);

  const quoteId = parseId(url.searchParams.get("citer"));
  const quoted = quoteId ? await findQuotablePost(db, thread.id, quoteId) : undefined;
  return { posts, page, pageCount, replyDraft: quoted ? quoteMarkdown(quoted) : "" };
}
