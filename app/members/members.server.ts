import { sql, type Kysely, type Transaction } from "kysely";
import type pg from "pg";

import type { Database, Role, UserStatus } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { can, roleLabels, roleNeedsCollectivite, roles, type Actor } from "../auth/permissions";
import { endAllSessions } from "../auth/session.server";

/**
 * Member administration (administrators only): role changes, suspension and reactivation, each
 * written with its audit entry in one transaction; the audit log. Reading members: member-list.server.ts.
 */

/** The administrator acting: a signed-in member (`SessionUser` fits). */
export type MemberAdmin = Actor & { id: number };

/** Rule violations come back as a French message; only unexpected failures throw. */
export type MemberResult = { ok: true; displayName: string } | { ok: false; error: string };

const refused: MemberResult = { ok: false, error: "Seuls les administrateurs peuvent modifier les comptes des membres." };
const unknownMember: MemberResult = { ok: false, error: "Ce membre n'existe pas." };

interface LockedTarget {
  id: number;
  display_name: string;
  role: Role;
  status: UserStatus;
  collectivite_id: number | null;
}

/**
 * Locks the acting administrator's row and the target's (in id order, so two administrators acting
 * on each other cannot deadlock) and checks, from the database rather than the session, that the
 * actor is still an active administrator: two administrators demoting each other at the same
 * moment cannot both succeed.
 */
async function lockActorAndTarget(
  trx: Transaction<Database>,
  actor: MemberAdmin,
  userId: number,
): Promise<{ ok: true; target: LockedTarget } | { ok: false; result: MemberResult }> {
  const rows = await trx
    .selectFrom("app_user")
    .select(["id", "display_name", "role", "status", "collectivite_id"])
    .where("id", "in", [actor.id, userId])
    .orderBy("id")
    .forUpdate()
    .execute();
  const current = rows.find((row) => row.id === actor.id);
  if (!current || !can(current, "user.manage")) return { ok: false, result: refused };
  const target = rows.find((row) => row.id === userId);
  if (!target) return { ok: false, result: unknownMember };
  return { ok: true, target };
}

export interface RoleChange {
  actor: MemberAdmin;
  userId: number;
  /** Checked here too: a value from a form that is not a role is refused. */
  role: Role | string;
  /** A collectivité to attach the member to; absent or null keeps the current one. */
  collectiviteId?: number | null;
}

export async function changeRole(db: Kysely<Database>, _pool: pg.Pool, change: RoleChange): Promise<MemberResult> {
  const { actor, userId } = change;
  if (!can(actor, "user.manage")) return refused;
  const role = roles.find((r) => r === change.role);
  if (!role) return { ok: false, error: "Choisissez un rôle dans la liste." };

  return db.transaction().execute(async (trx): Promise<MemberResult> => {
    const locked = await lockActorAndTarget(trx, actor, userId);
    if (!locked.ok) return locked.result;
    const target = locked.target;
    if (target.id === actor.id && role !== "admin") {
      return {
        ok: false,
        error: "Vous ne pouvez pas retirer votre propre rôle d'administrateur : demandez-le à un autre administrateur.",
      };
    }

    let collectiviteId = target.collectivite_id;
    let collectiviteFrom: string | null = null;
    let collectiviteTo: string | null = null;
    const requested = change.collectiviteId ?? null;
    if (requested !== null && requested !== target.collectivite_id) {
      const chosen = await trx.selectFrom("collectivite").select(["id", "name"]).where("id", "=", requested).executeTakeFirst();
      if (!chosen) return { ok: false, error: "Cette collectivité n'existe pas." };
      if (target.collectivite_id !== null) {
        const previous = await trx.selectFrom("collectivite").select("name").where("id", "=", target.collectivite_id).executeTakeFirst();
        collectiviteFrom = previous?.name ?? null;
      }
      collectiviteId = chosen.id;
      collectiviteTo = chosen.name;
    }
    if (roleNeedsCollectivite(role) && collectiviteId === null) {
      return {
        ok: false,
        error: `Un ${roleLabels[role].toLowerCase()} représente une collectivité : choisissez celle de ${target.display_name}.`,
      };
    }
    if (role === target.role && collectiviteId === target.collectivite_id) {
      return { ok: false, error: `${target.display_name} a déjà le rôle ${roleLabels[role]} : rien n'a changé.` };
    }

    await trx
      .updateTable("app_user")
      .set({ role, collectivite_id: collectiviteId, updated_at: sql<Date>`now()` })
      .where("id", "=", userId)
      .execute();
    await recordAudit(trx, {
      actorId: actor.id,
      action: "user.role_changed",
      targetUserId: userId,
      details: {
        from: target.role,
        to: role,
        ...(collectiviteId !== target.collectivite_id ? { collectiviteFrom, collectiviteTo } : {}),
      },
    });
    return { ok: true, displayName: target.display_name };
  });
}

export interface StatusChange {
  actor: MemberAdmin;
  userId: number;
}

/** Suspends the member and, once that is committed, ends every one of their sessions. */
export async function suspendMember(db: Kysely<Database>, pool: pg.Pool, { actor, userId }: StatusChange): Promise<MemberResult> {
  if (!can(actor, "user.manage")) return refused;
  if (actor.id === userId) return { ok: false, error: "Vous ne pouvez pas suspendre votre propre compte." };
  const result = await db.transaction().execute(async (trx): Promise<MemberResult> => {
    const locked = await lockActorAndTarget(trx, actor, userId);
    if (!locked.ok) return locked.result;
    const target = locked.target;
    if (target.status === "suspended") return { ok: false, error: `Le compte de ${target.display_name} est déjà suspendu.` };
    await trx
      .updateTable("app_user")
      .set({ status: "suspended", updated_at: sql<Date>`now()` })
      .where("id", "=", userId)
      .execute();
    await recordAudit(trx, { actorId: actor.id, action: "user.suspended", targetUserId: userId });
    return { ok: true, displayName: target.display_name };
  });
  // After the commit: a session that slipped in meanwhile is refused anyway, since readSession
  // ends the sessions of any member who is not active.
  if (result.ok) await endAllSessions(pool, userId);
  return result;
}

export async function reactivateMember(db: Kysely<Database>, _pool: pg.Pool, { actor, userId }: StatusChange): Promise<MemberResult> {
  if (!can(actor, "user.manage")) return refused;
  return db.transaction().execute(async (trx): Promise<MemberResult> => {
    const locked = await lockActorAndTarget(trx, actor, userId);
    if (!locked.ok) return locked.result;
    const target = locked.target;
    if (target.status === "active") return { ok: false, error: `Le compte de ${target.display_name} est déjà actif.` };
    await trx
      .updateTable("app_user")
      .set({ status: "active", updated_at: sql<Date>`now()` })
      .where("id", "=", userId)
      .execute();
    await recordAudit(trx, { actorId: actor.id, action: "user.reactivated", targetUserId: userId });
    return { ok: true, displayName: target.display_name };
  });
}
