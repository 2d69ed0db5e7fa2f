import type { Role, UserStatus } from "../../db/schema";

/**
 * Who may do what: the one place that decides (PRODUCT.md's role table). Loaders and actions call
 * it on the server; components may call it too, but only to hide what the server already forbids.
 */

export const roles: readonly Role[] = ["observer", "delegate", "moderator", "admin"];

export const roleLabels: Record<Role, string> = {
  observer: "Observateur",
  delegate: "Délégué",
  moderator: "Modérateur",
  admin: "Administrateur",
};

export type Action =
  | "directory.read"
  | "thread.readPublic"
  | "thread.readMembers"
  | "search"
  | "thread.watch"
  | "feed.personal"
  | "notifications.read"
  | "post.report"
  | "member.directory"
  | "member.profile"
  | "post.bookmark"
  | "post.markUseful"
  | "answer.accept"
  | "answer.acceptAny"
  | "post.draft"
  | "thread.create"
  | "post.reply"
  | "file.upload"
  | "post.editOwn"
  | "post.deleteOwn"
  | "post.editAny"
  | "post.deleteAny"
  | "member.warn"
  | "member.suspend"
  | "thread.curate"
  | "thread.split"
  | "thread.merge"
  | "governance.manage"
  | "reports.handle"
  | "invitation.manage"
  | "topic.manage"
  | "collectivite.manage"
  | "journal.read"
  | "user.manage"
  | "outbox.read"
  | "settings.manage"
  | "account.manage";

export const actions: readonly Action[] = [
  "directory.read",
  "thread.readPublic",
  "thread.readMembers",
  "search",
  "thread.watch",
  "feed.personal",
  "notifications.read",
  "post.report",
  "member.directory",
  "member.profile",
  "post.bookmark",
  "post.markUseful",
  "answer.accept",
  "answer.acceptAny",
  "post.draft",
  "thread.create",
  "post.reply",
  "file.upload",
  "post.editOwn",
  "post.deleteOwn",
  "post.editAny",
  "post.deleteAny",
  "member.warn",
  "member.suspend",
  "thread.curate",
  "thread.split",
  "thread.merge",
  "governance.manage",
  "reports.handle",
  "invitation.manage",
  "topic.manage",
  "collectivite.manage",
  "journal.read",
  "user.manage",
  "outbox.read",
  "settings.manage",
  "account.manage",
];

const rank: Record<Role, number> = { observer: 1, delegate: 2, moderator: 3, admin: 4 };

/** The least role each action needs; `anonymous` actions need no account at all. */
const minimumRole: Record<Action, Role | "anonymous"> = {
  "directory.read": "anonymous",
  "thread.readPublic": "anonymous",
  "thread.readMembers": "observer",
  // Visitors search too, but only what they may read: the search filters by "thread.readMembers".
  search: "anonymous",
  "thread.watch": "observer",
  // A personal Atom feed (secret token) with the members' threads; a suspended member's yields nothing.
  "feed.personal": "observer",
  // In-app notifications, notification e-mail and their preferences (/notifications, /compte).
  "notifications.read": "observer",
  "post.report": "observer",
  "account.manage": "observer",
  // Members see each other's full profiles and the directory; visitors only profiles made public.
  "member.directory": "observer",
  "member.profile": "observer",
  "post.bookmark": "observer",
  "post.markUseful": "observer",
  // A question's author accepts one reply as the answer (and changes or withdraws it); moderators do
  // it on any question, with a journal entry (app/forum/accepted-answer.server.ts).
  "answer.accept": "delegate",
  "answer.acceptAny": "moderator",
  // Drafts kept on the server while writing a post (/brouillons): those who may post.
  "post.draft": "delegate",
  "thread.create": "delegate",
  "post.reply": "delegate",
  // Files in posts (docs/files.md): whoever may write a post may attach files to it.
  "file.upload": "delegate",
  "post.editOwn": "delegate",
  "post.deleteOwn": "delegate",
  // Moderators edit (a revision recorded under their name) and delete (with a reason) any post.
  "post.editAny": "moderator",
  "post.deleteAny": "moderator",
  // Moderators warn members and suspend délégués and observateurs for a period (suspendableRoles).
  "member.warn": "moderator",
  "member.suspend": "moderator",
  "thread.curate": "moderator",
  // Move posts to another or a new thread; merge a whole thread into another (app/moderation/thread-moves.server.ts).
  "thread.split": "moderator",
  "thread.merge": "moderator",
  "governance.manage": "moderator",
  "reports.handle": "moderator",
  "invitation.manage": "moderator",
  "topic.manage": "moderator",
  "collectivite.manage": "moderator",
  // The journal of every moderation and administration act (/moderation/journal).
  "journal.read": "moderator",
  "user.manage": "admin",
  "outbox.read": "admin",
  "settings.manage": "admin",
};

export interface Actor {
  role: Role;
  status: UserStatus;
}

/** A suspended member counts as anonymous: their sessions are gone and they cannot sign in. */
export function can(actor: Actor | null | undefined, action: Action): boolean {
  const needed = minimumRole[action];
  if (needed === "anonymous") return true;
  if (!actor || actor.status !== "active") return false;
  return rank[actor.role] >= rank[needed];
}

/** Moderators invite délégués and observateurs; administrators invite anyone. */
export function invitableRoles(actor: Actor | null | undefined): Role[] {
  if (!can(actor, "invitation.manage")) return [];
  return actor!.role === "admin" ? [...roles] : ["observer", "delegate"];
}

export function canInvite(actor: Actor | null | undefined, role: Role): boolean {
  return invitableRoles(actor).includes(role);
}

/** Whether a role must belong to a collectivité (observers and administrators may not). */
export function roleNeedsCollectivite(role: Role): boolean {
  return role === "delegate" || role === "moderator";
}

/**
 * Whom a moderator may warn or suspend for a period: délégués and observateurs; an administrator also
 * moderators. Administrators are suspended only by another administrator, without end date
 * (the members page).
 */
export function canDiscipline(actor: (Actor & { id: number }) | null | undefined, target: { id: number; role: Role }): boolean {
  if (!actor || !can(actor, "member.suspend") || actor.id === target.id) return false;
  if (target.role === "delegate" || target.role === "observer") return true;
  return actor.role === "admin" && target.role === "moderator";
}
