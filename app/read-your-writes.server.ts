import { readCookie } from "./auth/session.server";

/**
 * Read-your-writes with read replicas (docs/decisions/005-read-replicas.md): after a request that may
 * have written (any POST…), its answer carries the primary's WAL position in a short-lived cookie;
 * the member's next reads go to a replica only once it has replayed that position. The cookie holds
 * no secret: a forged one can only send its own holder's reads to the primary.
 */

const COOKIE = "openent_rw";
/** Over HTTPS, like the session cookie: Secure, Path=/ and no Domain, enforced by the browser. */
const SECURE_COOKIE = "__Host-openent_rw";

export function readYourWritesCookie(position: bigint, lifetimeMs: number, secure: boolean): string {
  const maxAge = Math.max(1, Math.ceil(lifetimeMs / 1000));
  const attributes = [`${secure ? SECURE_COOKIE : COOKIE}=${position}`, "Path=/", `Max-Age=${maxAge}`, "HttpOnly", "SameSite=Lax"];
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}

/** The position the request's reads must see, if it carries a well-formed cookie. */
export function readYourWritesPosition(cookieHeader: string | null, secure: boolean): bigint | undefined {
  const value = readCookie(cookieHeader, secure ? SECURE_COOKIE : COOKIE);
  return value && /^\d{1,20}$/.test(value) ? BigInt(value) : undefined;
}
