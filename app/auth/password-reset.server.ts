import { sql, type Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { isEmailAddress } from "../lib/email";
import { enqueueMail, SECRET_PLACEHOLDER, type QueuedMail } from "../mail/outbox.server";
import { hashPassword } from "./password.server";
import { newToken, hashToken } from "./tokens.server";
import { normalizeEmail } from "./users.server";

/**
 * "Mot de passe oublié": a single-use link, valid one hour, sent to the address of an active
 * account. Only the token's hash is stored. Asking for an unknown or suspended address does
 * nothing, and the caller cannot tell the difference.
 */

export const RESET_LIFETIME_MINUTES = 60;

function resetMail(to: string, displayName: string, link: string): QueuedMail {
  return {
    secret: { link, label: "lien de réinitialisation", lifetimeSeconds: RESET_LIFETIME_MINUTES * 60 },
    to,
    subject: "Réinitialisation de votre mot de passe OpenENT Échanges",
    text: [
      `Bonjour ${displayName},`,
      "",
      "Quelqu'un, probablement vous, a demandé à réinitialiser le mot de passe de votre compte OpenENT Échanges.",
      "",
      "Pour choisir un nouveau mot de passe, suivez ce lien :",
      SECRET_PLACEHOLDER,
      "",
      `Ce lien ne sert qu'une fois et expire dans ${RESET_LIFETIME_MINUTES} minutes.`,
      "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe actuel reste valable.",
    ].join("\n"),
  };
}

/** Queues the link for an active account with this address; otherwise does nothing, silently. */
export async function requestPasswordReset(db: Kysely<Database>, email: string, { baseUrl }: { baseUrl: string }): Promise<void> {
  const address = normalizeEmail(email);
  if (!isEmailAddress(address)) return;
  const user = await db
    .selectFrom("app_user")
    .select(["id", "email", "display_name"])
    .where("email", "=", address)
    .where("status", "=", "active")
    .executeTakeFirst();
  if (!user) return;
  const token = newToken();
  const tokenHash = hashToken(token);
  const mail = resetMail(user.email, user.display_name, `${baseUrl}/mot-de-passe-oublie/${token}`);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("password_reset")
      .values({
        user_id: user.id,
        token_hash: tokenHash,
        expires_at: sql<Date>`now() + ${`${RESET_LIFETIME_MINUTES} minutes`}::interval`,
      })
      .execute();
    await enqueueMail(trx, mail);
  });
}

export interface ValidReset {
  userId: number;
  email: string;
  displayName: string;
}

/** The account a link resets, if the link is unused, unexpired, and its account still active. */
export async function findValidReset(db: Kysely<Database>, token: string): Promise<ValidReset | null> {
  if (!token) return null;
  const row = await db
    .selectFrom("password_reset")
    .innerJoin("app_user", "app_user.id", "password_reset.user_id")
    .select(["app_user.id as userId", "app_user.email", "app_user.display_name as displayName"])
    .where("password_reset.token_hash", "=", hashToken(token))
    .where("password_reset.used_at", "is", null)
    .where("password_reset.expires_at", ">", sql<Date>`now()`)
    .where("app_user.status", "=", "active")
    .executeTakeFirst();
  return row ?? null;
}

export type ResetResult = { ok: true; userId: number } | { ok: false };

/**
 * Sets the new password (the caller has checked it against the policy) and consumes the link: one
 * conditional update claims it, so two simultaneous submissions reset once. In the same
 * transaction, every other pending link of the account stops working and every session of the
 * account ends (the rows Lucia reads, as `endAllSessions` would delete them, but atomically with
 * the new password). The caller then starts a fresh session.
 */
export async function completePasswordReset(db: Kysely<Database>, token: string, newPassword: string): Promise<ResetResult> {
  if (!token) return { ok: false };
  const tokenHash = hashToken(token);
  // Argon2 takes tens of milliseconds: hash before opening the transaction (PGlite has one connection).
  const passwordHash = await hashPassword(newPassword);
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable("password_reset")
      .set({ used_at: sql<Date>`now()` })
      .where("token_hash", "=", tokenHash)
      .where("used_at", "is", null)
      .where("expires_at", ">", sql<Date>`now()`)
      .where("user_id", "in", (eb) => eb.selectFrom("app_user").select("id").where("status", "=", "active"))
      .returning("user_id")
      .executeTakeFirst();
    if (!claimed) return { ok: false as const };
    const userId = claimed.user_id;
    await trx
      .updateTable("app_user")
      .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
      .where("id", "=", userId)
      .execute();
    await trx
      .updateTable("password_reset")
      .set({ used_at: sql<Date>`now()` })
      .where("user_id", "=", userId)
      .where("used_at", "is", null)
      .execute();
    await trx.deleteFrom("user_session").where("user_id", "=", userId).execute();
    await recordAudit(trx, { actorId: userId, action: "user.password_reset", targetUserId: userId });
    return { ok: true as const, userId };
  });
}
