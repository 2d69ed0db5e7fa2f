import type { GovernanceStatus } from "../../db/schema";

export type { GovernanceStatus };

/** The statuses of a proposal, in the order of its life. Client-safe. */
export const governanceStatuses: readonly GovernanceStatus[] = ["proposition", "discussion", "adoptee", "rejetee", "retiree"];

export const statusLabels: Record<GovernanceStatus, string> = {
  proposition: "Proposition",
  discussion: "En discussion",
  adoptee: "Adoptée",
  rejetee: "Rejetée",
  retiree: "Retirée",
};

export function isGovernanceStatus(value: string): value is GovernanceStatus {
  return (governanceStatuses as readonly string[]).includes(value);
}

/**
 * The allowed moves. A decided (adoptée, rejetée) or withdrawn proposal is reopened by going back
 * to "en discussion"; adoptée and rejetée record a decision.
 */
export const transitions: Record<GovernanceStatus, readonly GovernanceStatus[]> = {
  proposition: ["discussion", "rejetee", "retiree"],
  discussion: ["adoptee", "rejetee", "retiree"],
  adoptee: ["discussion"],
  rejetee: ["discussion"],
  retiree: ["discussion"],
};

export function isAllowedTransition(from: GovernanceStatus, to: GovernanceStatus): boolean {
  return transitions[from].includes(to);
}

/** Whether a move records a decision (and locks the thread). */
export function isDecision(to: GovernanceStatus): to is "adoptee" | "rejetee" {
  return to === "adoptee" || to === "rejetee";
}

/** The verb shown on the button that makes a move. */
export const transitionLabels: Record<GovernanceStatus, string> = {
  proposition: "Remettre en proposition",
  discussion: "Mettre en discussion",
  adoptee: "Enregistrer l'adoption",
  rejetee: "Enregistrer le rejet",
  retiree: "Retirer la proposition",
};
