import { sql, type Kysely } from "kysely";

import type { Database, Role } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { canInvite, roleLabels, roleNeedsCollectivite, type Actor } from "../auth/permissions";
import { hashPassword } from "../auth/password.server";
import { passwordProblem } from "../auth/password-policy";
import { newToken, hashToken } from "../auth/tokens.server";
import { insertUser, normalizeEmail } from "../auth/users.server";
import { isEmailAddress } from "../lib/email";
import { enqueueMail, SECRET_PLACEHOLDER, type QueuedMail } from "../mail/outbox.server";
import { normalizeDisplayName } from "../members/display-name";
import { checkDisplayName } from "../members/display-name.server";

export const INVITATION_LIFETIME_DAYS = 7;

export type Inviter = Actor & { id: number; displayName: string };

export type FieldResult<T> = { ok: true; value: T } | { ok: false; errors: Partial<Record<string, string>> };

export interface InvitationInput {
  email: string;
  role: string;
  collectiviteId: number | null;
}

function invitationMail(to: string, link: string, inviter: string, role: Role): QueuedMail {
  return {
    secret: { link, label: "lien d'invitation", lifetimeSeconds: INVITATION_LIFETIME_DAYS * 24 * 60 * 60 },
    to,
    subject: "Invitation à rejoindre OpenENT Échanges",
    text: [
      "Bonjour,",
      "",
      `${inviter} vous invite à rejoindre OpenENT Échanges, l'espace d'échange des collectivités de la solution OpenENT, en tant que ${roleLabels[role].toLowerCase()}.`,
      "",
      "Pour choisir votre nom d'affichage et votre mot de passe, suivez ce lien :",
      SECRET_PLACEHOLDER,
      "",
      `Ce lien est personnel, ne sert qu'une fois et expire dans ${INVITATION_LIFETIME_DAYS} jours.`,
      "Si vous n'attendiez pas cette invitation, ignorez ce message.",
    ].join("\n"),
  };
}

const expiresAt = () => sql<Date>`now() + ${`${INVITATION_LIFETIME_DAYS} days`}::interval`;

/** Checks the form, then writes the invitation, its e-mail and the audit entry in one transaction. */
export async function createInvitation(
  db: Kysely<Database>,
  actor: Inviter,
  input: InvitationInput,
  baseUrl: string,
): Promise<FieldResult<{ id: number }>> {
  const email = normalizeEmail(input.email);
  const errors: Partial<Record<string, string>> = {};
  if (!isEmailAddress(email)) errors.email = "Indiquez une adresse e-mail valide, par exemple prenom.nom@collectivite.fr.";
  const role = (["observer", "delegate", "moderator", "admin"] as const).find((r) => r === input.role);
  if (!role) errors.role = "Choisissez un rôle.";
  else if (!canInvite(actor, role)) errors.role = "Vous ne pouvez pas inviter quelqu'un avec ce rôle.";
  if (role && roleNeedsCollectivite(role) && input.collectiviteId === null) {
    errors.collectiviteId = `Un ${roleLabels[role].toLowerCase()} représente une collectivité : choisissez-la.`;
  }
  if (input.collectiviteId !== null) {
    const exists = await db.selectFrom("collectivite").select("id").where("id", "=", input.collectiviteId).executeTakeFirst();
    if (!exists) errors.collectiviteId = "Cette collectivité n'existe pas.";
  }
  if (!errors.email) {
    const member = await db.selectFrom("app_user").select("id").where("email", "=", email).executeTakeFirst();
    if (member) errors.email = "Un membre utilise déjà cette adresse.";
    const pending = await pendingInvitations(db).where("invitation.email", "=", email).select("invitation.id").executeTakeFirst();
    if (pending) errors.email = "Une invitation est déjà en attente pour cette adresse : renvoyez-la depuis la liste.";
  }
  if (Object.keys(errors).length > 0 || !role) return { ok: false, errors };

  const token = newToken();
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("invitation")
      .values({
        email,
        role,
        collectivite_id: input.collectiviteId,
        token_hash: hashToken(token),
        invited_by: actor.id,
        expires_at: expiresAt(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await enqueueMail(trx, invitationMail(email, `${baseUrl}/invitation/${token}`, actor.displayName, role));
    await recordAudit(trx, { actorId: actor.id, action: "invitation.created", details: { invitationId: row.id, email, role } });
    return row.id;
  });
  return { ok: true, value: { id } };
}

function pendingInvitations(db: Kysely<Database>) {
  return db.selectFrom("invitation").where("invitation.accepted_at", "is", null).where("invitation.revoked_at", "is", null);
}

export interface PendingInvitation {
  id: number;
  email: string;
  role: Role;
  collectiviteName: string | null;
  inviterName: string;
  createdAt: Date;
  lastSentAt: Date;
  expiresAt: Date;
  expired: boolean;
}

export async function listPendingInvitations(db: Kysely<Database>): Promise<PendingInvitation[]> {
  const rows = await pendingInvitations(db)
    .innerJoin("app_user as inviter", "inviter.id", "invitation.invited_by")
    .leftJoin("collectivite", "collectivite.id", "invitation.collectivite_id")
    .select([
      "invitation.id",
      "invitation.email",
      "invitation.role",
      "collectivite.name as collectiviteName",
      "inviter.display_name as inviterName",
      "invitation.created_at as createdAt",
      "invitation.last_sent_at as lastSentAt",
      "invitation.expires_at as expiresAt",
      sql<boolean>`invitation.expires_at <= now()`.as("expired"),
    ])
    .orderBy("invitation.created_at", "desc")
    .execute();
  return rows;
}

/** A fresh link (the old one stops working) valid for another seven days. */
export async function resendInvitation(db: Kysely<Database>, actor: Inviter, id: number, baseUrl: string): Promise<boolean> {
  const invitation = await pendingInvitations(db).selectAll().where("id", "=", id).executeTakeFirst();
  if (!invitation || !canInvite(actor, invitation.role)) return false;
  const token = newToken();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("invitation")
      .set({ token_hash: hashToken(token), expires_at: expiresAt(), last_sent_at: sql<Date>`now()` })
      .where("id", "=", id)
      .execute();
    await enqueueMail(trx, invitationMail(invitation.email, `${baseUrl}/invitation/${token}`, actor.displayName, invitation.role));
    await recordAudit(trx, { actorId: actor.id, action: "invitation.resent", details: { invitationId: id, email: invitation.email } });
  });
  return true;
}

export async function revokeInvitation(db: Kysely<Database>, actor: Inviter, id: number): Promise<boolean> {
  const invitation = await pendingInvitations(db).selectAll().where("id", "=", id).executeTakeFirst();
  if (!invitation || !canInvite(actor, invitation.role)) return false;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("invitation").set({ revoked_at: sql<Date>`now()` }).where("id", "=", id).execute();
    await recordAudit(trx, { actorId: actor.id, action: "invitation.revoked", details: { invitationId: id, email: invitation.email } });
  });
  return true;
}

export type TokenLookup =
  | { status: "valid"; email: string; role: Role; collectiviteName: string | null }
  | { status: "invalid" };

/** Unknown, used, revoked and expired links all read the same: "no longer valid". */
export async function findInvitationByToken(db: Kysely<Database>, token: string): Promise<TokenLookup> {
  const row = await pendingInvitations(db)
    .leftJoin("collectivite", "collectivite.id", "invitation.collectivite_id")
    .select(["invitation.email", "invitation.role", "collectivite.name as collectiviteName"])
    .where("invitation.token_hash", "=", hashToken(token))
    .where("invitation.expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  return row ? { status: "valid", ...row } : { status: "invalid" };
}

export interface AcceptanceInput {
  displayName: string;
  password: string;
  confirmation: string;
}

/**
 * Creates the member and consumes the invitation in one transaction; a link used twice (even by two
 * simultaneous submissions) creates one account only.
 */
export async function acceptInvitation(
  db: Kysely<Database>,
  token: string,
  input: AcceptanceInput,
): Promise<FieldResult<{ userId: number }> | { ok: false; invalid: true }> {
  const invitation = await findInvitationByToken(db, token);
  if (invitation.status !== "valid") return { ok: false, invalid: true };
  const errors: Partial<Record<string, string>> = {};
  const checked = await checkDisplayName(db, input.displayName);
  if (!checked.ok) errors.displayName = checked.error;
  const displayName = checked.ok ? checked.displayName : normalizeDisplayName(input.displayName);
  const weak = passwordProblem(input.password, { email: invitation.email, displayName });
  if (weak) errors.password = weak;
  else if (input.password !== input.confirmation) errors.confirmation = "Les deux mots de passe ne correspondent pas.";
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable("invitation")
      .set({ accepted_at: sql<Date>`now()` })
      .where("token_hash", "=", hashToken(token))
      .where("accepted_at", "is", null)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", sql<Date>`now()`)
      .returningAll()
      .executeTakeFirst();
    if (!claimed) return { ok: false as const, invalid: true as const };
    const taken = await trx.selectFrom("app_user").select("id").where("email", "=", claimed.email).executeTakeFirst();
    if (taken) return { ok: false as const, invalid: true as const };
    const user = await insertUser(trx, {
      email: claimed.email,
      displayName,
      passwordHash,
      role: claimed.role,
      collectiviteId: claimed.collectivite_id,
    });
    await trx.updateTable("invitation").set({ accepted_user_id: user.id }).where("id", "=", claimed.id).execute();
    await recordAudit(trx, {
      actorId: user.id,
      action: "invitation.accepted",
      targetUserId: user.id,
      details: { invitationId: claimed.id, invitedBy: claimed.invited_by, role: claimed.role },
    });
    return { ok: true as const, value: { userId: user.id } };
  });
}
