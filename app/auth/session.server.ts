import { createHash, randomBytes } from "node:crypto";

import { NodePostgresAdapter } from "@lucia-auth/adapter-postgresql";
// The only module that imports lucia (ADR 003 says how to replace it by hand-written sessions).
import { Cookie, Lucia, TimeSpan } from "lucia";
import type pg from "pg";

import type { Role, UserStatus } from "../../db/schema";

/**
 * Sessions. The cookie carries a random token; the database stores only its SHA-256 (hex) as
 * `user_session.id`, so whoever reads the table or a backup cannot use it. A session slides (30
 * days, extended when used in its second half) but never outlives 90 days after sign-in.
 */

/** Over plain HTTP (local demo, development). */
export const SESSION_COOKIE = "openent_session";
/** Over HTTPS: the `__Host-` prefix makes the browser insist on Secure, Path=/ and no Domain. */
export const SECURE_SESSION_COOKIE = "__Host-openent_session";
export const SLIDING_LIFETIME_DAYS = 30;
export const ABSOLUTE_LIFETIME_DAYS = 90;

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
  /** A timed suspension (migration 017): no session while it lasts. */
  suspended_until: Date | null;
}

interface DatabaseSessionAttributes {
  created_at: Date;
}

function createLucia(pool: pg.Pool) {
  return new Lucia(new NodePostgresAdapter(pool, { user: "app_user", session: "user_session" }), {
    // Sliding expiry: Lucia extends a session used in the second half of its lifetime.
    sessionExpiresIn: new TimeSpan(SLIDING_LIFETIME_DAYS, "d"),
    // Unused: this module writes and reads its cookies itself (the cookie holds the token, not the id).
    sessionCookie: { name: SESSION_COOKIE, attributes: { sameSite: "lax", path: "/", secure: false } },
    getSessionAttributes: (attributes: DatabaseSessionAttributes) => ({ createdAt: new Date(attributes.created_at) }),
    getUserAttributes: (attributes: DatabaseUserAttributes) => ({
      email: attributes.email,
      displayName: attributes.display_name,
      role: attributes.role,
      status: attributes.status,
      collectiviteId: attributes.collectivite_id,
      lastSeenAt: attributes.last_seen_at,
      suspendedUntil: attributes.suspended_until ? new Date(attributes.suspended_until) : null,
    }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    UserId: number;
    DatabaseUserAttributes: DatabaseUserAttributes;
    DatabaseSessionAttributes: DatabaseSessionAttributes;
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

/** The database id of a session: the SHA-256 (hex) of the token its cookie carries. */
export function sessionIdFromToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** `Secure` (and the `__Host-` name) follow the request: HTTPS in production, plain HTTP for the local demo. */
function sessionCookie(token: string, secure: boolean): string {
  return new Cookie(sessionCookieName(secure), token, {
    httpOnly: true,
    secure,
    sameSite: "lax",
    path: "/",
    maxAge: token ? SLIDING_LIFETIME_DAYS * 24 * 60 * 60 : 0,
  }).serialize();
}

/** The value of one cookie in a `Cookie` header, or null. */
export function readCookie(cookieHeader: string | null, name: string): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index < 0 || part.slice(0, index).trim() !== name) continue;
    const value = part.slice(index + 1).trim();
    try {
      return decodeURIComponent(value) || null;
    } catch {
      return null;
    }
  }
  return null;
}

/** A new session for a signed-in user, and the cookie that carries its token. */
export async function startSession(pool: pg.Pool, userId: number, secure: boolean): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await luciaFor(pool).createSession(userId, { created_at: new Date() }, { sessionId: sessionIdFromToken(token) });
  return sessionCookie(token, secure);
}

export interface SessionState {
  /** `id` is the session's database id (the token's hash), for `endSession`. */
  session: { id: string; user: SessionUser } | null;
  /** A cookie to send back: the refreshed one after a sliding extension, or a blank one for a dead session. */
  setCookie: string | null;
}

/**
 * The session named by the request's cookie, if it is valid, younger than the absolute lifetime,
 * and its user is active. A suspended user's sessions are ended here too, so a suspension takes
 * effect on their next request. Over HTTPS only the `__Host-` cookie counts.
 */
export async function readSession(pool: pg.Pool, cookieHeader: string | null, secure: boolean): Promise<SessionState> {
  const lucia = luciaFor(pool);
  const token = readCookie(cookieHeader, sessionCookieName(secure));
  if (!token) return { session: null, setCookie: null };
  const { session, user } = await lucia.validateSession(sessionIdFromToken(token));
  if (!session) return { session: null, setCookie: sessionCookie("", secure) };
  if (Date.now() - session.createdAt.getTime() > ABSOLUTE_LIFETIME_DAYS * 24 * 60 * 60 * 1000) {
    await lucia.invalidateSession(session.id);
    return { session: null, setCookie: sessionCookie("", secure) };
  }
  if (user.status !== "active" || suspendedUntil(user) > Date.now()) {
    await lucia.invalidateUserSessions(user.id);
    return { session: null, setCookie: sessionCookie("", secure) };
  }
  const setCookie = session.fresh ? sessionCookie(token, secure) : null;
  return { session: { id: session.id, user }, setCookie };
}

function suspendedUntil(user: { suspendedUntil?: Date | null }): number {
  return user.suspendedUntil ? user.suspendedUntil.getTime() : 0;
}

export async function endSession(pool: pg.Pool, sessionId: string, secure: boolean): Promise<string> {
  await luciaFor(pool).invalidateSession(sessionId);
  return sessionCookie("", secure);
}

/** Ends every session of a user: "sign out everywhere", a password change, a suspension. */
export async function endAllSessions(pool: pg.Pool, userId: number): Promise<void> {
  await luciaFor(pool).invalidateUserSessions(userId);
}

export function blankSessionCookie(_pool: pg.Pool, secure: boolean): string {
  return sessionCookie("", secure);
}
