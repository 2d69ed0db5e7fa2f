import { redirect } from "@remix-run/node";
import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { signInUrl } from "../auth/guards.server";
import type { SessionUser } from "../auth/session.server";
import { findThread, type ThreadSummary } from "../forum/threads.server";

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
