import { redirect } from "@remix-run/node";

import { currentRequest } from "../../server/logger";
import { database } from "../db.server";
import { publicOrigin } from "../lib/origin.server";
import { can, type Action } from "./permissions";
import { readSession, type SessionState, type SessionUser } from "./session.server";
import { touchLastSeen } from "./users.server";

/**
 * The request-level vocabulary of authentication: getUser, requireUser, requirePermission,
 * requireAnonymous. Loaders and actions call these; nothing else reads the session cookie.
 */

/**
 * One session lookup per HTTP request, however many loaders ask. Remix hands each loader its own
 * `Request` object (the root's and the page's differ), so the cache is keyed on the request's
 * context (server/logger.ts, one per HTTP request) and only falls back to the `Request` outside a
 * served request (tests calling a loader directly). An action keeps a lookup of its own: it may
 * sign in or out or change the member, and the loaders that run after it must see that.
 */
const sessions = new WeakMap<object, Promise<SessionState>>();

export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

export function getSessionState(request: Request): Promise<SessionState> {
  const reading = request.method === "GET" || request.method === "HEAD";
  const key: object = (reading ? currentRequest() : undefined) ?? request;
  let state = sessions.get(key);
  if (!state) {
    state = (async () => {
      const handle = await database();
      const result = await readSession(handle.pool, request.headers.get("Cookie"), isSecureRequest(request));
      if (result.session) {
        // For the request's log line (server/observe.ts): who made it, by id only.
        const context = currentRequest();
        if (context) context.memberId = result.session.user.id;
        await touchLastSeen(handle.db, result.session.user.id, result.session.user.lastSeenAt);
      }
      return result;
    })();
    sessions.set(key, state);
  }
  return state;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await getSessionState(request)).session?.user ?? null;
}

/** Where the sign-in page sends the member back to: this page, path and query only. */
export function signInUrl(request: Request): string {
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  return back === "/" ? "/connexion" : `/connexion?retour=${encodeURIComponent(back)}`;
}

/** Anonymous visitors are sent to sign in and brought back afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) throw redirect(signInUrl(request));
  return user;
}

/** Signs in anonymous visitors; answers 403 to members whose role does not allow the action. */
export async function requirePermission(request: Request, action: Action): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!can(user, action)) throw new Response("Accès refusé", { status: 403 });
  return user;
}

/** Pages for visitors only (sign-in, invitation acceptance): members go home. */
export async function requireAnonymous(request: Request): Promise<void> {
  if (await getUser(request)) throw redirect("/");
}

/**
 * A return path that stays on the site: resolved with the WHATWG URL parser against the app's origin
 * and kept only when it is still on that origin, as path, query and hash (percent-encoded, so always
 * a valid Location). Control characters (browsers strip tabs and newlines: `/\t/evil.example` becomes
 * `//evil.example`) and backslashes (read as `/`) give the fallback.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  // eslint-disable-next-line no-control-regex
  if (typeof to !== "string" || !to.startsWith("/") || /[\u0000-\u001f\u007f-\u009f\\]/.test(to)) return fallback;
  const origin = publicOrigin();
  let url: URL;
  try {
    url = new URL(to, origin);
  } catch {
    return fallback;
  }
  return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : fallback;
}
