import type { Role } from "../../db/schema";
import { roleLabels, roles } from "../auth/permissions";
import { describeGovernanceEntry } from "../governance/journal-labels";
import { formatParisDateTime } from "../lib/format";
import { describeCurationEntry } from "./curation-labels";
import { describeModerationEntry } from "./moderation-labels";

/**
 * The audit log in French sentences ("Camille a changé le rôle de Alex : Délégué → Modérateur").
 * A sentence is a list of parts: text, and members (rendered as links to their profiles).
 */

export type SentencePart = string | { userId: number; name: string };

export interface AuditEntryView {
  action: string;
  details: Record<string, unknown>;
  actorId: number | null;
  actorName: string | null;
  targetUserId: number | null;
  targetName: string | null;
}

function member(id: number | null, name: string | null, fallback: string): SentencePart {
  if (id === null) return fallback;
  if (name === null) return "un membre supprimé";
  return { userId: id, name };
}

function roleLabel(value: unknown): string {
  const role = roles.find((r) => r === value);
  return role ? roleLabels[role as Role] : typeof value === "string" ? value : "?";
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** The sentence for one entry; an action this module does not know is still shown, by its code. */
export function describeAuditEntry(entry: AuditEntryView): SentencePart[] {
  const actor = member(entry.actorId, entry.actorName, "Le système");
  const target = member(entry.targetUserId, entry.targetName, "un membre");
  const d = entry.details;
  switch (entry.action) {
    case "user.role_changed": {
      const parts: SentencePart[] = [actor, " a changé le rôle de ", target, ` : ${roleLabel(d.from)} → ${roleLabel(d.to)}`];
      if ("collectiviteTo" in d) {
        parts.push(` (collectivité : ${text(d.collectiviteFrom) || "aucune"} → ${text(d.collectiviteTo) || "aucune"})`);
      }
      return parts;
    }
    case "user.suspended":
      // A timed suspension (migration 017) says until when and why.
      return typeof d.until === "string"
        ? [actor, " a suspendu ", target, ` jusqu'au ${formatParisDateTime(d.until)} : « ${text(d.reason)} »`]
        : [actor, " a suspendu ", target];
    case "user.suspension_lifted":
      return [actor, " a levé la suspension de ", target];
    case "user.warned":
      return [actor, " a averti ", target, ` : « ${text(d.reason)} »`];
    case "user.reactivated":
      return [actor, " a réactivé ", target];
    case "user.created_by_cli":
      return ["Le compte de ", target, " a été créé en ligne de commande"];
    case "invitation.created":
      return [actor, ` a invité ${text(d.email)} (${roleLabel(d.role)})`];
    case "invitation.resent":
      return [actor, ` a renvoyé l'invitation de ${text(d.email)}`];
    case "invitation.revoked":
      return [actor, ` a révoqué l'invitation de ${text(d.email)}`];
    case "invitation.accepted":
      return [target, ` a accepté son invitation (${roleLabel(d.role)})`];
    case "user.password_reset":
      return [target, " a réinitialisé son mot de passe par le lien reçu par e-mail"];
    case "demo.removed":
      return ["Les comptes et fils de démonstration ont été retirés en ligne de commande"];
    case "user.sign_in_locked":
      return ["Connexion bloquée pendant 15 minutes sur le compte de ", target, " après des échecs répétés (hors appareils reconnus)"];
    default:
      return describeModerationEntry(entry.action, d, actor) ?? describeGovernanceEntry(entry.action, d, actor) ?? describeCurationEntry(entry.action, d, actor) ?? (entry.targetUserId === null ? [actor, ` : ${entry.action}`] : [actor, ` : ${entry.action}, `, target]);
  }
}

/** The sentence as plain text (for tests, titles and exports). */
export function sentenceText(parts: SentencePart[]): string {
  return parts.map((part) => (typeof part === "string" ? part : part.name)).join("");
}
