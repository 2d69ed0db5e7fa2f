import { redirect } from "@remix-run/node";
import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { signInUrl } from "../auth/guards.server";
import type { SessionUser } from "../auth/session.server";
import { findThread, type ThreadSummary } from "../forum/threads.server";
import { findVersion, type VersionView } from "./versions.server";

/**
 * A proposal readable by this viewer, or the right answer thrown: 404 for what does not exist or
 * is not a proposal, sign-in for a visitor on a members-only thread, 410 for a deleted thread.
 * Governance pages follow their thread's visibility.
 */
export async function requireReadableProposal(db: Kysely<Database>, request: Request, user: SessionUser | null, threadId: number): Promise<ThreadSummary> {
  const found = await findThread(db, user, threadId);
  if (found.status === "members-only") throw redirect(signInUrl(request));
  if (found.status === "deleted") throw new Response("Ce fil a été supprimé.", { status: 410 });
  if (found.status !== "found" || found.thread.governanceStatus === null) throw new Response("Proposition introuvable", { status: 404 });
  return found.thread;
}

/**
 * A version of a reference text and its proposal, for the version pages: 404 for a missing id or
 * version (`id` null: the address was not a valid one), then the proposal's access as above.
 */
export async function requireReadableVersion(
  db: Kysely<Database>,
  request: Request,
  user: SessionUser | null,
  id: number | null,
): Promise<{ version: VersionView; thread: ThreadSummary }> {
  const version = id ? await findVersion(db, id) : null;
  if (!version) throw new Response("Version introuvable", { status: 404 });
  return { version, thread: await requireReadableProposal(db, request, user, version.threadId) };
}
