import type { CollectiviteKind, EntPhase } from "../../db/schema";
import { formatPartialDate, kindLabels, phaseLabels } from "../lib/format";
import type { SentencePart } from "./audit-labels";
import { governanceRefusedActs } from "../governance/journal-labels";
import { moderationRefusedActs } from "./moderation-labels";

/** The journal's French sentences for the curation of thématiques and collectivités, and refusals. */

const profileLabels: Record<string, string> = {
  name: "nom",
  kind: "type",
  ent_name: "nom de l'ENT",
  establishment_count: "établissements",
  launch_date: "lancement",
  phase: "phase",
  integrator: "intégrateur",
  website_url: "site",
  description: "description",
};

const refusedActs: Record<string, string> = {
  "topic.create": "créer une thématique",
  "topic.update": "modifier une thématique",
  "topic.merge": "fusionner des thématiques",
  "collectivite.create": "ajouter une collectivité",
  "collectivite.update": "modifier le profil d'une collectivité",
};

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** A profile value as the profile page says it; an empty one is "vide". */
function profileValue(column: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "vide";
  if (column === "kind") return kindLabels[value as CollectiviteKind] ?? str(value);
  if (column === "phase") return phaseLabels[value as EntPhase] ?? str(value);
  if (column === "launch_date") return formatPartialDate(str(value));
  if (column === "description") return "texte modifié";
  return typeof value === "number" ? value.toLocaleString("fr-FR") : `« ${str(value)} »`;
}

/** The sentence for a curation entry, or null if the action is not one of these. */
export function describeCurationEntry(action: string, details: Record<string, unknown>, actor: SentencePart): SentencePart[] | null {
  const before = record(details.before);
  const after = record(details.after);
  switch (action) {
    case "topic.created":
      return [actor, ` a créé la thématique « ${str(after.name)} »`];
    case "topic.updated": {
      const changes: string[] = [];
      if (before.name !== after.name) changes.push(`renommée « ${str(after.name)} »`);
      if (before.description !== after.description) changes.push("description modifiée");
      return [actor, ` a modifié la thématique « ${str(before.name)} »${changes.length ? ` : ${changes.join(", ")}` : ""}`];
    }
    case "topic.merged": {
      const moved = typeof details.moved === "number" ? details.moved : 0;
      return [actor, ` a fusionné la thématique « ${str(before.name)} » dans « ${str(after.name)} » (${moved} fil${moved > 1 ? "s" : ""} déplacé${moved > 1 ? "s" : ""})`];
    }
    case "collectivite.created":
      return [actor, ` a ajouté la collectivité « ${str(after.name)} »`];
    case "collectivite.updated": {
      const changes = Object.keys(after).map(
        (column) => `${profileLabels[column] ?? column} : ${profileValue(column, before[column])} → ${profileValue(column, after[column])}`,
      );
      return [actor, ` a modifié le profil de « ${str(details.name)} » (${changes.join(" ; ")})`];
    }
    case "moderation.refused": {
      const act = str(details.act);
      return [actor, ` a tenté de ${refusedActs[act] ?? moderationRefusedActs[act] ?? governanceRefusedActs[act] ?? act} sans en avoir le droit : refusé`];
    }
    default:
      return null;
  }
}
