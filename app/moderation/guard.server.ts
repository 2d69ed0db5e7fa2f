import type { Action } from "../auth/permissions";
import { can } from "../auth/permissions";
import { requireUser } from "../auth/guards.server";
import type { SessionUser } from "../auth/session.server";
import { getDb } from "../db.server";
import { allowedOrJournaled } from "./refusal.server";

/**
 * The guard of moderation pages: visitors are sent to sign in; a member without the permission
 * gets 403, and a refused form post (not a page view) is journaled as `moderation.refused`.
 */
export async function requireModerator(request: Request, permission: Action, act: string): Promise<SessionUser> {
  const user = await requireUser(request);
  if (can(user, permission)) return user;
  if (request.method !== "GET" && request.method !== "HEAD") {
    await allowedOrJournaled(await getDb(), user, permission, { act, target: { path: new URL(request.url).pathname } });
  }
  throw new Response("Accès refusé", { status: 403 });
}
