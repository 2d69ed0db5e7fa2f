import { sql, type Kysely } from "kysely";

import type { Database } from "../../db/schema";

/**
 * Fixed-window rate limits kept in PostgreSQL, so they hold across every app process. One upsert
 * per check: the counter and its window are updated atomically.
 */

export interface RateLimitRule {
  /** Names the kind of attempt, e.g. "signin:ip". */
  name: string;
  limit: number;
  windowSeconds: number;
}

export const rules = {
  /** Failed sign-ins from one address (successes are refunded). */
  signInPerIp: { name: "signin:ip", limit: 30, windowSeconds: 15 * 60 },
  /** Failed sign-ins on one account from untrusted devices (no valid device cookie for it). */
  signInPerAccount: { name: "signin:account", limit: 8, windowSeconds: 15 * 60 },
  /** Failed sign-ins presenting one device cookie; past it, that cookie is refused until the window ends. */
  signInPerDevice: { name: "signin:device", limit: 10, windowSeconds: 15 * 60 },
  resetPerIp: { name: "reset:ip", limit: 10, windowSeconds: 60 * 60 },
  resetPerAccount: { name: "reset:account", limit: 3, windowSeconds: 60 * 60 },
  invitationAcceptPerIp: { name: "invitation:ip", limit: 20, windowSeconds: 15 * 60 },
  invitationSendPerActor: { name: "invitation:send", limit: 50, windowSeconds: 60 * 60 },
  passwordChange: { name: "password:change", limit: 8, windowSeconds: 15 * 60 },
} satisfies Record<string, RateLimitRule>;

export interface RateLimitResult {
  allowed: boolean;
  /** Attempts counted in the current window, this one included. */
  hits: number;
  retryAfterSeconds: number;
}

export async function hitRateLimit(db: Kysely<Database>, rule: RateLimitRule, subject: string): Promise<RateLimitResult> {
  const key = `${rule.name}:${subject.toLowerCase()}`;
  const window = `${rule.windowSeconds} seconds`;
  const { rows } = await sql<{ hits: number; retry_after: number }>`
    insert into rate_limit as r (key, hits, window_ends_at)
    values (${key}, 1, now() + ${window}::interval)
    on conflict (key) do update set
      hits = case when r.window_ends_at <= now() then 1 else r.hits + 1 end,
      window_ends_at = case when r.window_ends_at <= now() then now() + ${window}::interval else r.window_ends_at end
    returning hits, ceil(extract(epoch from window_ends_at - now()))::integer as retry_after
  `.execute(db);
  const row = rows[0]!;
  return { allowed: row.hits <= rule.limit, hits: row.hits, retryAfterSeconds: Math.max(1, row.retry_after) };
}

/**
 * Takes back one hit of the current window: an attempt is counted before it runs (so parallel
 * attempts cannot slip past the limit) and refunded when it turns out to be a success.
 */
export async function refundRateLimit(db: Kysely<Database>, rule: RateLimitRule, subject: string): Promise<void> {
  await db
    .updateTable("rate_limit")
    .set((eb) => ({ hits: eb("hits", "-", 1) }))
    .where("key", "=", `${rule.name}:${subject.toLowerCase()}`)
    .where("hits", ">", 0)
    .where("window_ends_at", ">", sql<Date>`now()`)
    .execute();
}

/** Forget the failures of a subject, e.g. after a successful sign-in. */
export async function clearRateLimit(db: Kysely<Database>, rule: RateLimitRule, subject: string): Promise<void> {
  await db.deleteFrom("rate_limit").where("key", "=", `${rule.name}:${subject.toLowerCase()}`).execute();
}

/** Old windows are useless; called from the periodic maintenance task. */
export async function purgeExpiredRateLimits(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom("rate_limit").where("window_ends_at", "<", sql<Date>`now() - interval '1 day'`).execute();
}

export function retryMessage(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `Trop de tentatives. Réessayez dans ${minutes} minute${minutes > 1 ? "s" : ""}.`;
}
