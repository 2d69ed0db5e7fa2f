import type { ThreadKind } from "../../db/schema";
import { imagesWithoutDescription } from "../files/limits";
import { hasNulCharacter, labelCharacterProblem } from "../lib/text-rules";
import { markdownLimitProblem } from "../markdown/limits";
import { BODY_MAX, isThreadKind, TITLE_MAX, TITLE_MIN } from "./kinds";

/** Form checks shared by the new-thread, reply and edit actions. Messages are French, per field. */

export type Errors = Partial<Record<string, string>>;

export function checkTitle(title: string, errors: Errors): void {
  const length = [...title.trim()].length;
  if (length < TITLE_MIN) errors.title = `Le titre doit faire au moins ${TITLE_MIN} caractères (${length} actuellement).`;
  else if (length > TITLE_MAX) errors.title = `Le titre ne doit pas dépasser ${TITLE_MAX} caractères (${length} actuellement).`;
  else {
    const problem = labelCharacterProblem(title, "Le titre");
    if (problem) errors.title = problem;
  }
}

export function checkBody(body: string, errors: Errors): void {
  if (body.trim().length === 0) errors.body = "Le message ne peut pas être vide.";
  else if (body.length > BODY_MAX) {
    errors.body = `Le message ne doit pas dépasser ${BODY_MAX.toLocaleString("fr-FR")} caractères (${body.length.toLocaleString("fr-FR")} actuellement).`;
  } else if (hasNulCharacter(body)) errors.body = "Le message contient un caractère nul, qui n'est pas accepté.";
  else {
    const problem = markdownLimitProblem(body) ?? missingImageDescription(body);
    if (problem) errors.body = problem;
  }
}

/** RGAA: every image of a post says what it shows (`![description](/fichiers/…)`). */
function missingImageDescription(body: string): string | null {
  const missing = imagesWithoutDescription(body);
  if (missing === 0) return null;
  return missing === 1
    ? "Une image n'a pas de description : écrivez entre les crochets de ![…] ce qu'elle montre, pour les lecteurs qui ne la voient pas."
    : `${missing} images n'ont pas de description : écrivez entre les crochets de chaque ![…] ce qu'elle montre, pour les lecteurs qui ne la voient pas.`;
}

export interface ThreadFormValues {
  title: string;
  kind: string;
  body: string;
  collectiviteIds: string[];
  topicIds: string[];
  reportCollectiviteId: string;
  reportEstablishments: string;
  reportPeriodStart: string;
  reportPeriodEnd: string;
}

export interface ThreadInput {
  title: string;
  kind: ThreadKind;
  body: string;
  collectiviteIds: number[];
  topicIds: number[];
  report: { collectiviteId: number; establishments: number | null; periodStart: string | null; periodEnd: string | null } | null;
}

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * A thread is tagged with a handful of collectivités and thématiques: more than this is a forged
 * form (70 000 ids would pass PostgreSQL's 65 535 bind parameters and fail the query).
 */
export const TAGS_MAX = 50;

function ids(values: string[]): number[] | null {
  const unique = [...new Set(values)];
  if (unique.length > TAGS_MAX) return null;
  const parsed = unique.map((v) => (/^[1-9]\d{0,8}$/.test(v) ? Number(v) : NaN));
  return parsed.some(Number.isNaN) ? null : [...new Set(parsed)];
}

function tooMany(values: string[]): boolean {
  return new Set(values).size > TAGS_MAX;
}

/**
 * Shape checks only; whether the tagged collectivités and thématiques exist is checked against the
 * database by the caller (createThread).
 */
export function parseThreadForm(values: ThreadFormValues): { ok: true; input: ThreadInput } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  checkTitle(values.title, errors);
  checkBody(values.body, errors);
  if (!isThreadKind(values.kind)) errors.kind = "Choisissez le type de fil.";
  const collectiviteIds = ids(values.collectiviteIds);
  if (tooMany(values.collectiviteIds)) errors.collectiviteIds = `Choisissez au plus ${TAGS_MAX} collectivités.`;
  else if (!collectiviteIds || collectiviteIds.length === 0) errors.collectiviteIds = "Choisissez au moins une collectivité concernée.";
  const topicIds = ids(values.topicIds);
  if (tooMany(values.topicIds)) errors.topicIds = `Choisissez au plus ${TAGS_MAX} thématiques.`;
  else if (!topicIds || topicIds.length === 0) errors.topicIds = "Choisissez au moins une thématique.";

  let report: ThreadInput["report"] = null;
  if (values.kind === "retour") {
    const collectiviteId = /^\d{1,9}$/.test(values.reportCollectiviteId) ? Number(values.reportCollectiviteId) : null;
    if (collectiviteId === null) errors.reportCollectiviteId = "Indiquez la collectivité dont vous racontez l'expérience.";
    const rawCount = values.reportEstablishments.trim();
    const establishments = rawCount === "" ? null : /^\d{1,6}$/.test(rawCount) ? Number(rawCount) : NaN;
    if (Number.isNaN(establishments)) errors.reportEstablishments = "Indiquez un nombre d'établissements (chiffres uniquement).";
    const periodStart = values.reportPeriodStart.trim() || null;
    const periodEnd = values.reportPeriodEnd.trim() || null;
    if (periodStart && !monthPattern.test(periodStart)) errors.reportPeriodStart = "Indiquez un mois au format AAAA-MM.";
    if (periodEnd && !monthPattern.test(periodEnd)) errors.reportPeriodEnd = "Indiquez un mois au format AAAA-MM.";
    if (periodStart && periodEnd && monthPattern.test(periodStart) && monthPattern.test(periodEnd) && periodEnd < periodStart) {
      errors.reportPeriodEnd = "La fin de la période doit suivre son début.";
    }
    if (collectiviteId !== null) report = { collectiviteId, establishments: establishments as number | null, periodStart, periodEnd };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      title: values.title.trim().normalize("NFC"),
      kind: values.kind as ThreadKind,
      body: values.body,
      collectiviteIds: collectiviteIds!,
      topicIds: topicIds!,
      report,
    },
  };
}
