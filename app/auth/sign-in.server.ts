import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { clearRateLimit, hitRateLimit, rules } from "../security/rate-limit.server";
import { verifyPassword } from "./password.server";
import { findUserByEmail, normalizeEmail } from "./users.server";

export type SignInResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "invalid" | "suspended" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Checks credentials under two rate limits (per address and per client IP). An unknown address and
 * a wrong password take the same time and get the same answer; only someone who knows the password
 * learns that an account is suspended.
 */
export async function signIn(
  db: Kysely<Database>,
  input: { email: string; password: string; clientAddress: string },
): Promise<SignInResult> {
  const email = normalizeEmail(input.email);
  for (const [rule, subject] of [
    [rules.signInPerIp, input.clientAddress],
    [rules.signInPerAccount, email],
  ] as const) {
    const limit = await hitRateLimit(db, rule, subject);
    if (!limit.allowed) return { ok: false, reason: "rate_limited", retryAfterSeconds: limit.retryAfterSeconds };
  }
  const user = await findUserByEmail(db, email);
  const valid = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !valid) return { ok: false, reason: "invalid" };
  if (user.status !== "active") return { ok: false, reason: "suspended" };
  await clearRateLimit(db, rules.signInPerAccount, email);
  return { ok: true, userId: user.id };
}
