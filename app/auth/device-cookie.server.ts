import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { siteSecret } from "../security/site-secret.server";

/**
 * OWASP's device cookies ("Slow Down Online Guessing Attacks with Device Cookies"). A successful
 * sign-in leaves a cookie `<userId>.<nonce>.<hmac>` signed with a server secret. A later attempt on
 * that same account presenting it is "trusted": it has a budget of its own (per nonce), so an
 * attacker who exhausts the account's shared budget from elsewhere cannot lock the owner out.
 */

export const DEVICE_COOKIE = "openent_device";
export const SECURE_DEVICE_COOKIE = "__Host-openent_device";
const LIFETIME_SECONDS = 365 * 24 * 60 * 60;
const SECRET_NAME = "device-cookie";

export function deviceCookieName(secure: boolean): string {
  return secure ? SECURE_DEVICE_COOKIE : DEVICE_COOKIE;
}

function sign(secret: Buffer, userId: number, nonce: string): string {
  return createHmac("sha256", secret).update(`device-cookie:v1:${userId}:${nonce}`).digest("base64url");
}

/** A new signed device cookie value for this account. */
export async function newDeviceCookieValue(db: Kysely<Database>, userId: number): Promise<string> {
  const nonce = randomBytes(16).toString("base64url");
  return `${userId}.${nonce}.${sign(await siteSecret(db, SECRET_NAME), userId, nonce)}`;
}

/** The nonce of a device cookie that is genuine and names this account; null otherwise. */
export async function trustedDeviceNonce(db: Kysely<Database>, value: string | null, userId: number): Promise<string | null> {
  const parts = (value ?? "").split(".");
  if (parts.length !== 3) return null;
  const [id, nonce, mac] = parts as [string, string, string];
  if (id !== String(userId) || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) return null;
  const expected = Buffer.from(sign(await siteSecret(db, SECRET_NAME), userId, nonce));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : null;
}

export function serializeDeviceCookie(value: string, secure: boolean): string {
  const attributes = [`${deviceCookieName(secure)}=${value}`, "Path=/", `Max-Age=${LIFETIME_SECONDS}`, "HttpOnly", "SameSite=Lax"];
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}
