import type { Kysely, Transaction } from "kysely";

import type { Database } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { canDiscipline } from "../auth/permissions";
import { publicOrigin } from "../lib/origin.server";
import { enqueueMail } from "../mail/outbox.server";
import { notifyModerationAct } from "../notifications/events.server";
import type { FormErrors } from "./moderation-form";
import { allowedOrJournaled, refusedMessage, type Moderator } from "./refusal.server";

/**
 * Warnings (avertissements): a moderator writes a member a private reason. It is kept in the
 * journal (`user.warned`, or the `reports.resolved` entry when given from the reports queue), sent
 * by mail through the outbox, and shown at the top of every page the member opens until they
 * acknowledge it (the root loader reads the pending ones: one query on a partial index).
 */

type Db = Kysely<Database> | Transaction<Database>;

export type WarnResult = { ok: true; warningId: number } | { ok: false; status: 400 | 403 | 404; errors: FormErrors };

export function warningMail(to: string, reason: string) {
  return {
    to,
    subject: "Avertissement de la modération d'OpenENT Échanges",
    text: [
      "Bonjour,",
      "",
      "La modération d'OpenENT Échanges vous adresse un avertissement :",
      "",
      reason,
      "",
      `Il restera affiché en haut des pages jusqu'à ce que vous en preniez connaissance : ${publicOrigin()}/`,
    ].join("\n"),
  };
}

/** Writes the warning and queues its mail, in the caller's transaction (no journal entry here). */
export async function warnIn(trx: Db, actorId: number, userId: number, reason: string, postId: number | null = null): Promise<{ id: number }> {
  const warning = await trx
    .insertInto("member_warning")
    .values({ user_id: userId, issued_by: actorId, reason, post_id: postId })
    .returning("id")
    .executeTakeFirstOrThrow();
  const member = await trx.selectFrom("app_user").select("email").where("id", "=", userId).executeTakeFirstOrThrow();
  await enqueueMail(trx, warningMail(member.email, reason));
  // Shown on every page until acknowledged: the notification opens the home page, where it is.
  await notifyModerationAct(trx, { recipientId: userId, actorId, threadId: null, detail: `Vous avez reçu un avertissement de la modération. Motif : ${reason}`, link: "/" });
  return warning;
}

/** A warning from the member's moderation page: one `user.warned` entry. */
export async function warnMember(db: Kysely<Database>, actor: Moderator, userId: number, reason: string): Promise<WarnResult> {
  if (!(await allowedOrJournaled(db, actor, "member.warn", { act: "member.warn", target: { userId } }))) {
    return { ok: false, status: 403, errors: { form: refusedMessage } };
  }
  return db.transaction().execute(async (trx) => {
    const target = await trx.selectFrom("app_user").select(["id", "role", "display_name"]).where("id", "=", userId).executeTakeFirst();
    if (!target) return { ok: false as const, status: 404 as const, errors: { form: "Ce membre n'existe pas." } };
    if (!canDiscipline(actor, target)) {
      return { ok: false as const, status: 403 as const, errors: { form: "Vous ne pouvez pas avertir ce membre (vous-même, un modérateur ou un administrateur)." } };
    }
    const warning = await warnIn(trx, actor.id, userId, reason);
    await recordAudit(trx, { actorId: actor.id, action: "user.warned", targetUserId: userId, details: { warningId: warning.id, reason } });
    return { ok: true as const, warningId: warning.id };
  });
}

export interface PendingWarning {
  id: number;
  reason: string;
  createdAt: Date;
}

/** The member's warnings not yet acknowledged, oldest first. */
export async function pendingWarnings(db: Db, userId: number): Promise<PendingWarning[]> {
  return db
    .selectFrom("member_warning")
    .select(["id", "reason", "created_at as createdAt"])
    .where("user_id", "=", userId)
    .where("acknowledged_at", "is", null)
    .orderBy("id")
    .execute();
}

/** The member says they have read it; false if it is not theirs or already acknowledged. */
export async function acknowledgeWarning(db: Kysely<Database>, userId: number, warningId: number): Promise<boolean> {
  const row = await db
    .updateTable("member_warning")
    .set({ acknowledged_at: new Date() })
    .where("id", "=", warningId)
    .where("user_id", "=", userId)
    .where("acknowledged_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}
