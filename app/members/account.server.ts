import { sql, type Kysely } from "kysely";
import type pg from "pg";

import type { Database, Role } from "../../db/schema";
import { passwordProblem } from "../auth/password-policy";
import { verifyPassword } from "../auth/password.server";
import { endAllSessions } from "../auth/session.server";
import { setPassword } from "../auth/users.server";
import { checkDisplayName } from "./display-name.server";
import { clearRateLimit, hitRateLimit, retryMessage, rules } from "../security/rate-limit.server";

/** The member's own account: display name, password, "sign out everywhere". */

export type AccountErrors = Partial<Record<string, string>>;

export interface OwnAccount {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  createdAt: Date;
  collectivite: { name: string; slug: string } | null;
}

export async function findOwnAccount(db: Kysely<Database>, userId: number): Promise<OwnAccount | undefined> {
  const row = await db
    .selectFrom("app_user")
    .leftJoin("collectivite", "collectivite.id", "app_user.collectivite_id")
    .select([
      "app_user.id",
      "app_user.email",
      "app_user.display_name as displayName",
      "app_user.role",
      "app_user.created_at as createdAt",
      "collectivite.name as collectiviteName",
      "collectivite.slug as collectiviteSlug",
    ])
    .where("app_user.id", "=", userId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { collectiviteName, collectiviteSlug, ...account } = row;
  return {
    ...account,
    collectivite: collectiviteName !== null && collectiviteSlug !== null ? { name: collectiviteName, slug: collectiviteSlug } : null,
  };
}

export async function updateDisplayName(
  db: Kysely<Database>,
  userId: number,
  name: string,
): Promise<{ ok: true; displayName: string } | { ok: false; errors: AccountErrors }> {
  const checked = await checkDisplayName(db, name, userId);
  if (!checked.ok) return { ok: false, errors: { displayName: checked.error } };
  const { displayName } = checked;
  await db
    .updateTable("app_user")
    .set({ display_name: displayName, updated_at: sql<Date>`now()` })
    .where("id", "=", userId)
    .execute();
  return { ok: true, displayName };
}

/** Guessing the current password from a stolen session is limited like signing in. */

export type PasswordChangeResult = { ok: true } | { ok: false; errors: AccountErrors; retryAfterSeconds?: number };

/**
 * Checks the current password and the policy, sets the new password, then ends every session of
 * the member (the route starts a fresh one for this device). Errors are keyed `current` and `next`.
 */
export async function changeOwnPassword(
  db: Kysely<Database>,
  pool: pg.Pool,
  userId: number,
  { current, next }: { current: string; next: string },
): Promise<PasswordChangeResult> {
  const user = await db
    .selectFrom("app_user")
    .select(["email", "display_name", "password_hash", "status"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user || user.status !== "active") return { ok: false, errors: { current: "Ce compte ne peut pas être modifié." } };

  const limit = await hitRateLimit(db, rules.passwordChange, String(userId));
  if (!limit.allowed) return { ok: false, errors: { current: retryMessage(limit.retryAfterSeconds) }, retryAfterSeconds: limit.retryAfterSeconds };

  const errors: AccountErrors = {};
  if (!current) errors.current = "Indiquez votre mot de passe actuel.";
  else if (!(await verifyPassword(user.password_hash, current))) errors.current = "Le mot de passe actuel est incorrect.";
  const weak = passwordProblem(next, { email: user.email, displayName: user.display_name });
  if (weak) errors.next = weak;
  else if (next === current) errors.next = "Choisissez un mot de passe différent de l'actuel.";
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  await setPassword(db, userId, next);
  await clearRateLimit(db, rules.passwordChange, String(userId));
  await endAllSessions(pool, userId);
  return { ok: true };
}

/** Ends every session of the member, this one included. */
export async function signOutEverywhere(pool: pg.Pool, userId: number): Promise<void> {
  await endAllSessions(pool, userId);
}
