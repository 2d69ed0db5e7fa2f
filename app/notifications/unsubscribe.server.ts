import { createHmac, timingSafeEqual } from "node:crypto";

import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { publicOrigin } from "../lib/origin.server";
import { siteSecret } from "../security/site-secret.server";
import { stopNotificationEmail } from "./preferences.server";

/**
 * One-click unsubscribe links (RFC 8058): `<member id>.<expiry day>.<HMAC>`, signed with a site
 * secret kept in the database, so no sign-in is needed and nothing is stored per mail. A link is
 * valid for 90 days; a forged, altered or expired one changes nothing.
 */

const SECRET_NAME = "notification-unsubscribe";
export const UNSUBSCRIBE_LIFETIME_DAYS = 90;
const DAY_MS = 86_400_000;

function sign(secret: Buffer, payload: string): string {
  return createHmac("sha256", secret).update(`unsubscribe:${payload}`).digest("base64url");
}

/**
 * Signs unsubscribe links. Loads the secret first, so the returned function needs no query (mail
 * tasks call it inside their transaction, which on PGlite holds the only connection).
 */
export async function unsubscribeLinks(db: Kysely<Database>): Promise<(userId: number, now?: Date) => string> {
  const secret = await siteSecret(db, SECRET_NAME);
  return (userId, now = new Date()) => {
    const expires = Math.floor(now.getTime() / DAY_MS) + UNSUBSCRIBE_LIFETIME_DAYS;
    const payload = `${userId}.${expires}`;
    return `${publicOrigin()}/desinscription/${payload}.${sign(secret, payload)}`;
  };
}

export type TokenCheck = { status: "valid"; userId: number } | { status: "invalid" } | { status: "expired" };

export async function checkUnsubscribeToken(db: Kysely<Database>, token: string | undefined, now = new Date()): Promise<TokenCheck> {
  const match = /^([1-9]\d{0,9})\.(\d{1,7})\.([A-Za-z0-9_-]{43})$/.exec(token ?? "");
  if (!match) return { status: "invalid" };
  const [, id, expires, signature] = match as unknown as [string, string, string, string];
  const expected = Buffer.from(sign(await siteSecret(db, SECRET_NAME), `${id}.${expires}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { status: "invalid" };
  if (Number(expires) < Math.floor(now.getTime() / DAY_MS)) return { status: "expired" };
  const userId = Number(id);
  if (userId > 2_147_483_647) return { status: "invalid" };
  return { status: "valid", userId };
}

/** The POST of the link: stops notification e-mail. False for a bad or expired token. */
export async function unsubscribeWithToken(db: Kysely<Database>, token: string | undefined, now = new Date()): Promise<TokenCheck> {
  const check = await checkUnsubscribeToken(db, token, now);
  if (check.status !== "valid") return check;
  const exists = await db.selectFrom("app_user").select("id").where("id", "=", check.userId).executeTakeFirst();
  if (!exists) return { status: "invalid" };
  await stopNotificationEmail(db, check.userId);
  return check;
}
