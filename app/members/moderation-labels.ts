import type { SentencePart } from "./audit-labels";

/** The journal's French sentences for thread and post moderation and reports (issue 9). */

export const moderationRefusedActs: Record<string, string> = {
  "thread.pin": "épingler un fil",
  "thread.unpin": "désépingler un fil",
  "thread.feature": "mettre un fil à la une",
  "thread.unfeature": "retirer un fil de la une",
  "thread.lock": "verrouiller un fil",
  "thread.unlock": "déverrouiller un fil",
  "thread.unlist": "retirer un fil des listes",
  "thread.relist": "remettre un fil dans les listes",
  "thread.visibility": "changer la visibilité d'un fil",
  "post.hide": "masquer un message",
  "post.unhide": "réafficher un message",
  "reports.resolve": "traiter des signalements",
  "post.delete": "supprimer le message d'un autre membre",
  "member.warn": "avertir un membre",
  "member.suspend": "suspendre un membre",
  "member.unsuspend": "lever la suspension d'un membre",
  "thread.split": "déplacer des messages d'un fil",
  "thread.merge": "fusionner un fil dans un autre",
};

const threadSentences: Record<string, string> = {
  "thread.pinned": "a épinglé le fil",
  "thread.unpinned": "a désépinglé le fil",
  "thread.featured": "a mis à la une le fil",
  "thread.unfeatured": "a retiré de la une le fil",
  "thread.locked": "a verrouillé le fil",
  "thread.unlocked": "a déverrouillé le fil",
  "thread.unlisted": "a retiré des listes le fil",
  "thread.relisted": "a remis dans les listes le fil",
};

const resolutionSentences: Record<string, string> = {
  hidden: "en masquant le message",
  locked: "en verrouillant le fil",
  dismissed: "sans suite",
  warned: "en avertissant l'auteur",
  edited: "en modifiant le message",
};

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** The sentence for a moderation entry, or null if the action is not one of these. */
export function describeModerationEntry(action: string, details: Record<string, unknown>, actor: SentencePart): SentencePart[] | null {
  const threadSentence = threadSentences[action];
  if (threadSentence) {
    const after = (details.after ?? {}) as Record<string, unknown>;
    const reason = action === "thread.locked" && typeof after.reason === "string" ? ` : « ${after.reason} »` : "";
    return [actor, ` ${threadSentence} « ${str(details.title)} »${reason}`];
  }
  switch (action) {
    case "post.hidden":
      return [actor, ` a masqué le message n° ${String(details.postId)} : « ${str(details.reason)} »`];
    case "post.unhidden":
      return [actor, ` a réaffiché le message n° ${String(details.postId)}`];
    case "post.auto_hidden":
      return [`Le message n° ${String(details.postId)} a été masqué automatiquement après ${String(details.reporters)} signalements`];
    case "thread.retagged": {
      const changes = record(details.changes);
      const before = record(details.before);
      const after = record(details.after);
      const parts: string[] = [];
      if (changes.title === true) parts.push(`titre « ${str(before.title)} » → « ${str(after.title)} »`);
      if (changes.kind === true) parts.push(`type ${str(before.kind)} → ${str(after.kind)}`);
      if (changes.collectivites === true) parts.push("collectivités");
      if (changes.topics === true) parts.push("thématiques");
      return [actor, ` a changé ${parts.length ? parts.join(", ") : "les étiquettes"} du fil « ${str(after.title)} »`];
    }
    case "post.edited":
      return [actor, ` a modifié le message n° ${String(details.postId)} du fil « ${str(details.title)} » (version ${String(record(details.after).version ?? "?")})`];
    case "post.deleted":
      return details.byModerator === true
        ? [actor, ` a supprimé le message n° ${String(details.postId)} du fil « ${str(details.title)} » : « ${str(details.reason)} »`]
        : [actor, ` a supprimé son message n° ${String(details.postId)}`];
    case "thread.posts_moved": {
      const count = Array.isArray(details.postIds) ? details.postIds.length : 0;
      const what = count > 1 ? `${count} messages` : "1 message";
      const where = details.newThread === true ? `un nouveau fil « ${str(details.targetTitle)} »` : `le fil « ${str(details.targetTitle)} »`;
      return [actor, ` a déplacé ${what} du fil « ${str(details.title)} » vers ${where}`];
    }
    case "thread.merged":
      return [actor, ` a fusionné le fil « ${str(details.title)} » dans le fil « ${str(details.targetTitle)} »`];
    case "reports.resolved":
      return [actor, ` a traité les signalements du message n° ${String(details.postId)} ${resolutionSentences[str(details.resolution)] ?? ""} : « ${str(details.note)} »`];
    default:
      return null;
  }
}
