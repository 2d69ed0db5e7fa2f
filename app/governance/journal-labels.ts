import type { SentencePart } from "../members/audit-labels";
import { isGovernanceStatus, statusLabels } from "./statuses";

/** The journal's French sentences for governance acts (issue 10). Client-safe. */

export const governanceRefusedActs: Record<string, string> = {
  "governance.proposition": "remettre une proposition en proposition",
  "governance.discussion": "mettre une proposition en discussion",
  "governance.adoptee": "enregistrer l'adoption d'une proposition",
  "governance.rejetee": "enregistrer le rejet d'une proposition",
  "governance.retiree": "retirer une proposition",
  "governance.version": "enregistrer une version d'un texte de référence",
  "settings.update": "changer les paramètres du site",
};

function label(value: unknown): string {
  return typeof value === "string" && isGovernanceStatus(value) ? statusLabels[value] : "?";
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export function describeGovernanceEntry(action: string, details: Record<string, unknown>, actor: SentencePart): SentencePart[] | null {
  switch (action) {
    case "governance.status_changed": {
      const comment = str(details.comment) ? ` : « ${str(details.comment)} »` : "";
      const decision = typeof details.decisionId === "number" ? ` (décision n° ${details.decisionId})` : "";
      return [actor, ` a fait passer la proposition « ${str(details.title)} » de ${label(details.from)} à ${label(details.to)}${decision}${comment}`];
    }
    case "governance.version_saved":
      return [actor, ` a enregistré la version ${String(details.number)} du texte de référence de « ${str(details.title)} » : « ${str(details.comment)} »`];
    case "settings.updated": {
      const after = (details.after ?? {}) as Record<string, unknown>;
      return [actor, ` a changé les paramètres du site : les délégués ${after.delegatesMayPropose ? "peuvent" : "ne peuvent plus"} ouvrir de proposition`];
    }
    default:
      return null;
  }
}
