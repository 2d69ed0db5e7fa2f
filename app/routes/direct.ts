import type { LoaderFunctionArgs } from "@remix-run/node";

import { getUser } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { findThread } from "~/forum/threads.server";
import { parseId } from "~/lib/ids";
import { liveHub } from "~/live/live.server";
import { openEventStream } from "~/live/stream.server";

/**
 * /direct?fil=<id>: the server-sent-event stream of live updates for a reader of that thread (and,
 * for a member, their own member-scoped events). The thread is checked on subscribe with the
 * reader's own permissions: a members-only thread is a 404 for a visitor, like its page.
 * A browser's EventSource does not reconnect after a 204, 404 or 429.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const param = new URL(request.url).searchParams.get("fil");
  const threadId = param === null ? null : parseId(param);
  if (param !== null && threadId === null) return notFound();
  const user = await getUser(request);
  if (threadId !== null) {
    const found = await findThread(await getDb(), user, threadId);
    if (found.status !== "found") return notFound();
  } else if (!user) {
    // Nothing member-scoped to tell a visitor.
    return new Response(null, { status: 204 });
  }
  return openEventStream(await liveHub(), {
    owner: user ? `member:${user.id}` : `address:${String(context.clientAddress)}`,
    memberId: user?.id ?? null,
    threadId,
    signal: request.signal,
  });
}

function notFound(): Response {
  return new Response("Fil introuvable", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
