import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { findThread } from "../forum/threads.server";
import type { Viewer } from "../forum/viewer";
import { parseId } from "../lib/ids";
import type { LiveHub } from "./hub.server";
import { openEventStream } from "./stream.server";

/**
 * A subscription to live updates: `fil` names the thread being read, checked with the reader's own
 * permissions (a members-only, deleted or unknown thread is a 404, as its page would be for them).
 * Without a thread, a member gets only their own member-scoped events and a visitor a 204 (there
 * is nothing to tell them). A browser's EventSource does not reconnect after a 204, 404 or 429.
 */
export async function subscribe(
  db: Kysely<Database>,
  hub: LiveHub,
  { viewer, threadParam, address, signal }: { viewer: Viewer | null; threadParam: string | null; address: string; signal: AbortSignal },
): Promise<Response> {
  const threadId = threadParam === null ? null : parseId(threadParam);
  if (threadParam !== null && threadId === null) return notFound();
  if (threadId !== null) {
    const found = await findThread(db, viewer, threadId);
    if (found.status !== "found") return notFound();
  } else if (!viewer) {
    return new Response(null, { status: 204 });
  }
  return openEventStream(hub, {
    owner: viewer ? `member:${viewer.id}` : `address:${address}`,
    memberId: viewer?.id ?? null,
    threadId,
    signal,
  });
}

function notFound(): Response {
  return new Response("Fil introuvable", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
