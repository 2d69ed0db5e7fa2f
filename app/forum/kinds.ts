import type { ThreadKind } from "../../db/schema";

export const threadKinds: readonly ThreadKind[] = ["retour", "question", "discussion", "gouvernance"];

export const kindLabels: Record<ThreadKind, string> = {
  retour: "Retour d'expérience",
  question: "Question",
  discussion: "Discussion",
  gouvernance: "Gouvernance",
};

export function isThreadKind(value: string): value is ThreadKind {
  return (threadKinds as readonly string[]).includes(value);
}

/** The headed sections an experience report starts with. */
export const reportTemplate = [
  "## Contexte",
  "",
  "Quelle situation, quels établissements, quels acteurs ?",
  "",
  "## Démarche",
  "",
  "Ce qui a été fait, dans quel ordre, avec quels moyens.",
  "",
  "## Résultats",
  "",
  "Ce qui a été obtenu, chiffres à l'appui si possible.",
  "",
  "## Enseignements",
  "",
  "Ce que vous referiez, ce que vous éviteriez, vos conseils aux autres collectivités.",
  "",
].join("\n");

export const TITLE_MIN = 8;
export const TITLE_MAX = 150;
export const BODY_MAX = 50_000;
export const POSTS_PER_PAGE = 50;
export const THREADS_PER_PAGE = 30;
