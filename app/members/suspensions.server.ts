import { sql, type Kysely } from "kysely";
import type pg from "pg";

import type { Database, Role, UserStatus } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { canDiscipline } from "../auth/permissions";
import { endAllSessions } from "../auth/session.server";
import type { FormErrors } from "../moderation/moderation-form";
import { allowedOrJournaled, refusedMessage, type Moderator } from "../moderation/refusal.server";

/**
 * Timed suspensions (issue 9, item 11). A moderator suspends a délégué or an observateur (an
 * administrator also a moderator) until a date, with a reason. The account stays `active`: the
 * suspension is in force while `suspended_until` is in the future, so it ends by itself when the
 * date passes (no scheduled task). Meanwhile sign-in is refused with the end date and the reason,
 * every session is ended at once, and `readSession` refuses any that slips in. One journal entry
 * per act (`user.suspended` with `until`, `user.suspension_lifted`).
 */

export type SuspensionResult = { ok: true } | { ok: false; status: 403 | 404 | 409; errors: FormErrors };

const cannotMessage = "Vous ne pouvez pas suspendre ce membre (vous-même, un modérateur ou un administrateur).";

export function suspendedNow(user: { suspended_until: Date | null }, now = new Date()): boolean {
  return user.suspended_until !== null && user.suspended_until.getTime() > now.getTime();
}

export async function suspendUntil(
  db: Kysely<Database>,
  pool: pg.Pool,
  actor: Moderator,
  userId: number,
  input: { until: Date; reason: string },
): Promise<SuspensionResult> {
  if (!(await allowedOrJournaled(db, actor, "member.suspend", { act: "member.suspend", target: { userId } }))) {
    return { ok: false, status: 403, errors: { form: refusedMessage } };
  }
  const result = await db.transaction().execute(async (trx): Promise<SuspensionResult> => {
    const target = await trx.selectFrom("app_user").select(["id", "role", "suspended_until", "suspension_reason"]).where("id", "=", userId).forUpdate().executeTakeFirst();
    if (!target) return { ok: false, status: 404, errors: { form: "Ce membre n'existe pas." } };
    if (!canDiscipline(actor, target)) return { ok: false, status: 403, errors: { form: cannotMessage } };
    await trx
      .updateTable("app_user")
      .set({ suspended_until: input.until, suspension_reason: input.reason, updated_at: sql<Date>`now()` })
      .where("id", "=", userId)
      .execute();
    const before = suspendedNow(target) ? { until: target.suspended_until!.toISOString(), reason: target.suspension_reason } : { until: null };
    await recordAudit(trx, {
      actorId: actor.id,
      action: "user.suspended",
      targetUserId: userId,
      details: { until: input.until.toISOString(), reason: input.reason, before, after: { until: input.until.toISOString(), reason: input.reason } },
    });
    return { ok: true };
  });
  // After the commit, as for an administrator's suspension: a session that slips in meanwhile is
  // ended by readSession anyway.
  if (result.ok) await endAllSessions(pool, userId);
  return result;
}

export async function liftSuspension(db: Kysely<Database>, actor: Moderator, userId: number): Promise<SuspensionResult> {
  if (!(await allowedOrJournaled(db, actor, "member.suspend", { act: "member.unsuspend", target: { userId } }))) {
    return { ok: false, status: 403, errors: { form: refusedMessage } };
  }
  return db.transaction().execute(async (trx): Promise<SuspensionResult> => {
    const target = await trx.selectFrom("app_user").select(["id", "role", "suspended_until", "suspension_reason"]).where("id", "=", userId).forUpdate().executeTakeFirst();
    if (!target) return { ok: false, status: 404, errors: { form: "Ce membre n'existe pas." } };
    if (!canDiscipline(actor, target)) return { ok: false, status: 403, errors: { form: cannotMessage } };
    if (!suspendedNow(target)) return { ok: false, status: 409, errors: { form: "Ce compte n'est plus suspendu : rien n'a été changé." } };
    await trx.updateTable("app_user").set({ suspended_until: null, suspension_reason: null, updated_at: sql<Date>`now()` }).where("id", "=", userId).execute();
    await recordAudit(trx, {
      actorId: actor.id,
      action: "user.suspension_lifted",
      targetUserId: userId,
      details: { before: { until: target.suspended_until!.toISOString(), reason: target.suspension_reason }, after: { until: null } },
    });
    return { ok: true };
  });
}

export interface MemberDiscipline {
  id: number;
  displayName: string;
  role: Role;
  status: UserStatus;
  suspendedUntil: Date | null;
  suspensionReason: string | null;
  pendingWarnings: number;
}

/** What the member's moderation page shows: the current suspension, the unacknowledged warnings. */
export async function findMemberDiscipline(db: Kysely<Database>, userId: number): Promise<MemberDiscipline | null> {
  const row = await db
    .selectFrom("app_user")
    .select((eb) => [
      "app_user.id",
      "app_user.display_name as displayName",
      "app_user.role",
      "app_user.status",
      "app_user.suspended_until",
      "app_user.suspension_reason as suspensionReason",
      eb
        .selectFrom("member_warning")
        .select((w) => w.fn.countAll<number>().as("n"))
        .whereRef("member_warning.user_id", "=", "app_user.id")
        .where("member_warning.acknowledged_at", "is", null)
        .as("pendingWarnings"),
    ])
    .where("app_user.id", "=", userId)
    .executeTakeFirst();
  if (!row) return null;
  const { suspended_until, ...rest } = row;
  return { ...rest, suspendedUntil: suspendedNow({ suspended_until }) ? suspended_until : null, pendingWarnings: Number(row.pendingWarnings ?? 0) };
}
