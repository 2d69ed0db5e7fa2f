import type { Kysely, Transaction } from "kysely";

import type { Database } from "../../db/schema";
import { recordAudit } from "../audit/audit-log.server";
import { can, type Action, type Actor } from "../auth/permissions";

/**
 * Moderation-wide: who may act, checked by the domain function that acts, and a refused attempt
 * written to the journal (one `moderation.refused` entry), so that a member probing moderation
 * forms leaves a trace. Routes answer the refusal with 403.
 */

export type Moderator = Actor & { id: number };

export const refusedMessage = "Vous n'avez pas le droit de faire cela : la tentative a été enregistrée au journal.";

/** True if the actor may; otherwise journals the attempt and returns false. */
export async function allowedOrJournaled(
  db: Kysely<Database> | Transaction<Database>,
  actor: Moderator,
  permission: Action,
  attempt: { act: string; target?: Record<string, unknown> },
): Promise<boolean> {
  if (can(actor, permission)) return true;
  await recordAudit(db, {
    actorId: actor.id,
    action: "moderation.refused",
    details: { permission, act: attempt.act, role: actor.role, ...(attempt.target ? { target: attempt.target } : {}) },
  });
  return false;
}
