import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { hitRateLimit, refundRateLimit, rules, type RateLimitRule } from "../security/rate-limit.server";
import { newDeviceCookieValue, trustedDeviceNonce } from "./device-cookie.server";
import { verifyPassword } from "./password.server";
import { findUserByEmail, normalizeEmail } from "./users.server";

export type SignInResult =
  | { ok: true; userId: number; deviceCookie: string }
  | { ok: false; reason: "invalid" | "suspended" }
  | { ok: false; reason: "suspended_until"; until: Date; why: string | null }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Checks credentials under OWASP's device-cookie scheme (see device-cookie.server.ts):
 * - an attempt presenting a valid device cookie for this account spends that cookie's budget only;
 * - any other attempt spends the client address's budget and the account's shared "untrusted" budget.
 * Every attempt is counted before the password is checked (parallel guesses cannot slip through)
 * and refunded if it succeeds, so only failures lock anything. An unknown address and a wrong
 * password take the same time and get the same answer, locked or not; only someone who knows
 * the password learns that an account is suspended. A success returns a fresh device cookie.
 */
export async function signIn(
  db: Kysely<Database>,
  input: { email: string; password: string; clientAddress: string; deviceCookie?: string | null },
): Promise<SignInResult> {
  const email = normalizeEmail(input.email);
  const user = await findUserByEmail(db, email);
  const nonce = user ? await trustedDeviceNonce(db, input.deviceCookie ?? null, user.id) : null;
  const budgets: [RateLimitRule, string][] = nonce
    ? [[rules.signInPerDevice, nonce]]
    : [
        [rules.signInPerIp, input.clientAddress],
        [rules.signInPerAccount, email],
      ];
  for (const [rule, subject] of budgets) {
    const limit = await hitRateLimit(db, rule, subject);
    if (limit.allowed) continue;
    // The first refused attempt of a window is the moment the account got locked: journal it once.
    if (rule === rules.signInPerAccount && user && limit.hits === rule.limit + 1) {
      await recordAudit(db, {
        actorId: null,
        action: "user.sign_in_locked",
        targetUserId: user.id,
        details: { failures: rule.limit, windowMinutes: rule.windowSeconds / 60, clientAddress: input.clientAddress },
      });
    }
    return { ok: false, reason: "rate_limited", retryAfterSeconds: limit.retryAfterSeconds };
  }
  const valid = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !valid) return { ok: false, reason: "invalid" };
  if (user.status !== "active") return { ok: false, reason: "suspended" };
  // A timed suspension (app/members/suspensions.server.ts) ends by itself when its date passes.
  if (user.suspended_until && user.suspended_until.getTime() > Date.now()) {
    return { ok: false, reason: "suspended_until", until: user.suspended_until, why: user.suspension_reason };
  }
  for (const [rule, subject] of budgets) await refundRateLimit(db, rule, subject);
  return { ok: true, userId: user.id, deviceCookie: await newDeviceCookieValue(db, user.id) };
}
