import { NodePostgresAdapter } from "@lucia-auth/adapter-postgresql";
// The only module that imports lucia (ADR 003 says how to replace it by hand-written sessions).
import { Cookie, Lucia, TimeSpan } from "lucia";
import type pg from "pg";

import type { Role, UserStatus } from "../../db/schema";

export interface SessionUser {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  status: UserStatus;
  collectiviteId: number | null;
  lastSeenAt: Date | null;
}

interface DatabaseUserAttributes {
  email: string;
  display_name: string;
  role: Role;
  status: UserStatus;
  collectivite_id: number | null;
  last_seen_at: Date | null;
}

function createLucia(pool: pg.Pool) {
  return new Lucia(new NodePostgresAdapter(pool, { user: "app_user", session: "user_session" }), {
    // Sliding expiry: Lucia extends a session used in the second half of its lifetime.
    sessionExpiresIn: new TimeSpan(30, "d"),
    sessionCookie: { name: "openent_session", attributes: { sameSite: "lax", path: "/", secure: false } },
    getUserAttributes: (attributes: DatabaseUserAttributes) => ({
      email: attributes.email,
      displayName: attributes.display_name,
      role: attributes.role,
      status: attributes.status,
      collectiviteId: attributes.collectivite_id,
      lastSeenAt: attributes.last_seen_at,
    }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    UserId: number;
    DatabaseUserAttributes: DatabaseUserAttributes;
  }
}

const instances = new WeakMap<pg.Pool, ReturnType<typeof createLucia>>();

function luciaFor(pool: pg.Pool) {
  let lucia = instances.get(pool);
  if (!lucia) {
    lucia = createLucia(pool);
    instances.set(pool, lucia);
  }
  return lucia;
}

/** `Secure` follows the request: set over HTTPS, left off on plain-HTTP development and demo setups. */
function serialize(cookie: Cookie, secure: boolean): string {
  return new Cookie(cookie.name, cookie.value, { ...cookie.attributes, secure, httpOnly: true }).serialize();
}

/** A new session for a signed-in user, and the cookie that carries it. */
export async function startSession(pool: pg.Pool, userId: number, secure: boolean): Promise<string> {
  const lucia = luciaFor(pool);
  const session = await lucia.createSession(userId, {});
  return serialize(lucia.createSessionCookie(session.id), secure);
}

export interface SessionState {
  session: { id: string; user: SessionUser } | null;
  /** A cookie to send back: the refreshed one after a sliding extension, or a blank one for a dead session. */
  setCookie: string | null;
}

/**
 * The session named by the request's cookie, if it is valid and its user is active. A suspended
 * user's sessions are ended here too, so a suspension takes effect on their next request.
 */
export async function readSession(
  pool: pg.Pool,
  cookieHeader: string | null,
  secure: boolean,
): Promise<SessionState> {
  const lucia = luciaFor(pool);
  const sessionId = lucia.readSessionCookie(cookieHeader ?? "");
  if (!sessionId) return { session: null, setCookie: null };
  const { session, user } = await lucia.validateSession(sessionId);
  if (!session) return { session: null, setCookie: serialize(lucia.createBlankSessionCookie(), secure) };
  if (user.status !== "active") {
    await lucia.invalidateUserSessions(user.id);
    return { session: null, setCookie: serialize(lucia.createBlankSessionCookie(), secure) };
  }
  const setCookie = session.fresh ? serialize(lucia.createSessionCookie(session.id), secure) : null;
  return { session: { id: session.id, user }, setCookie };
}

export async function endSession(pool: pg.Pool, sessionId: string, secure: boolean): Promise<string> {
  const lucia = luciaFor(pool);
  await lucia.invalidateSession(sessionId);
  return serialize(lucia.createBlankSessionCookie(), secure);
}

/** Ends every session of a user: "sign out everywhere", a password change, a suspension. */
export async function endAllSessions(pool: pg.Pool, userId: number): Promise<void> {
  await luciaFor(pool).invalidateUserSessions(userId);
}

export function blankSessionCookie(pool: pg.Pool, secure: boolean): string {
  return serialize(luciaFor(pool).createBlankSessionCookie(), secure);
}
