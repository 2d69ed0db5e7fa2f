import { governanceStatuses, statusLabels, type GovernanceStatus } from "../governance/statuses";

/**
 * The values of the search filter `statut:` (and its form control): a proposal's status for
 * gouvernance threads, or whether a question is resolved (an accepted answer) or still open.
 * Client-safe: shared by the parser, the form and the search query.
 */

export type QuestionStatus = "resolu" | "ouvert";
export type SearchStatus = GovernanceStatus | QuestionStatus;

export const questionStatuses: readonly QuestionStatus[] = ["resolu", "ouvert"];
export const searchStatuses: readonly SearchStatus[] = [...governanceStatuses, ...questionStatuses];

export const questionStatusLabels: Record<QuestionStatus, string> = { resolu: "Question résolue", ouvert: "Question sans réponse acceptée" };

export function isQuestionStatus(value: SearchStatus): value is QuestionStatus {
  return value === "resolu" || value === "ouvert";
}

export function searchStatusLabel(status: SearchStatus): string {
  return isQuestionStatus(status) ? questionStatusLabels[status] : statusLabels[status];
}

/** How the active filter reads ("propositions au statut « Adoptée »", "questions résolues"). */
export function searchStatusPhrase(status: SearchStatus): string {
  if (status === "resolu") return "questions résolues";
  if (status === "ouvert") return "questions ouvertes (sans réponse acceptée)";
  return `propositions au statut « ${statusLabels[status]} »`;
}
