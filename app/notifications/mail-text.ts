import type { NotificationKind } from "../../db/schema";

/** Client-safe wording of notifications, shared by /notifications and the e-mails. */

export function kindSentence(kind: NotificationKind, actor: string): string {
  switch (kind) {
    case "mention":
      return `${actor} vous a mentionné`;
    case "quote":
      return `${actor} vous a cité`;
    case "reply":
      return `${actor} a répondu à votre fil`;
    case "watched_thread":
      return `${actor} a ouvert un nouveau fil`;
    case "watched_post":
      return `${actor} a écrit un nouveau message`;
    // Event notifications carry their own sentence (`detail`); these are fallbacks.
    case "proposal_status":
      return `${actor} a changé le statut d'une proposition`;
    case "moderation":
      return "La modération est intervenue sur votre compte ou l'un de vos messages";
  }
}

/** "3 nouveaux messages dans …" or the single notification's sentence. */
export function groupSentence(group: { count: number; kinds: NotificationKind[]; latestActorName: string | null }): string {
  const actor = group.latestActorName ?? "Un ancien membre";
  if (group.count === 1) return kindSentence(group.kinds[0] ?? "watched_post", actor);
  const direct = group.kinds.filter((k) => k === "mention" || k === "quote" || k === "reply");
  const about = direct.length ? ` (dont ${direct.map((k) => directLabels[k]).join(", ")})` : "";
  return `${group.count} nouveaux messages${about}`;
}

const directLabels: Partial<Record<NotificationKind, string>> = {
  mention: "une mention",
  quote: "une citation",
  reply: "des réponses à votre fil",
};

/** A plain-text excerpt of a post's Markdown: quotes left out, whitespace collapsed, ~280 characters. */
export function excerpt(markdown: string, max = 280): string {
  const text = markdown
    .split("\n")
    .filter((line) => !line.trimStart().startsWith(">"))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).trimEnd()}…`;
}

export const DIRECT_KINDS: readonly NotificationKind[] = ["mention", "quote", "reply"];
