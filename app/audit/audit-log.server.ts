import type { Kysely, Transaction } from "kysely";

import type { Database } from "../../db/schema";

/** What the audit log records; the moderation issue adds its own acts. */
export type AuditAction =
  | "user.role_changed"
  | "user.suspended"
  | "user.reactivated"
  | "user.created_by_cli"
  | "invitation.created"
  | "invitation.resent"
  | "invitation.revoked"
  | "invitation.accepted"
  // Curation of the thématiques and collectivités (app/topics/, app/collectivites/).
  | "topic.created"
  | "topic.updated"
  | "topic.merged"
  | "collectivite.created"
  | "collectivite.updated"
  // A member without the permission posted a moderation form (app/moderation/).
  | "moderation.refused"
  | "user.password_reset"
  | "user.sign_in_locked"
  | "demo.removed"
  | "thread.visibility_changed"
  | "post.deleted"
  // Thread and post moderation, reports (app/moderation/; auto-hide has no actor).
  | "thread.pinned"
  | "thread.unpinned"
  | "thread.featured"
  | "thread.unfeatured"
  | "thread.locked"
  | "thread.unlocked"
  | "thread.unlisted"
  | "thread.relisted"
  | "post.hidden"
  | "post.unhidden"
  | "post.auto_hidden"
  | "reports.resolved"
  // Governance (app/governance/): a proposal's status (with its decision), a reference-text version,
  // the site settings (administrators).
  | "governance.status_changed"
  | "governance.version_saved"
  | "settings.updated"
  // Moderator edits and deletions, warnings, timed suspensions (app/forum/post-editing.server.ts,
  // app/moderation/, app/members/suspensions.server.ts; migration 017).
  | "post.edited"
  | "user.warned"
  | "user.suspension_lifted"
  // Retitle, change kind, retag (app/moderation/thread-retag.server.ts).
  | "thread.retagged"
  // Split and merge (app/moderation/thread-moves.server.ts).
  | "thread.posts_moved"
  | "thread.merged";

export async function recordAudit(
  db: Kysely<Database> | Transaction<Database>,
  entry: { actorId: number | null; action: AuditAction; targetUserId?: number | null; details?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      target_user_id: entry.targetUserId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
