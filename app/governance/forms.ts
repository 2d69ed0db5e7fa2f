import { hasNulCharacter, labelCharacterProblem } from "../lib/text-rules";
import { parseId } from "../lib/ids";
import { isDecision, isGovernanceStatus, type GovernanceStatus } from "./statuses";

/** Client-safe parsing of the governance forms: French messages per field, values kept by the route. */

export type FormErrors = Partial<Record<string, string>>;

export const COMMENT_MAX = 1000;
export const BODY_MAX = 300;
export const SUMMARY_MAX = 5000;
export const VOTES_MAX = 1_000_000;
export const REFERENCE_TEXT_MAX = 100_000;
export const VERSION_COMMENT_MAX = 300;

export interface DecisionInput {
  decidedOn: string;
  decidingBody: string;
  votesFor: number | null;
  votesAgainst: number | null;
  abstentions: number | null;
  summary: string;
  versionId: number | null;
}

export interface StatusFormValues {
  to: string;
  from: string;
  comment: string;
  decidedOn: string;
  decidingBody: string;
  votesFor: string;
  votesAgainst: string;
  abstentions: string;
  summary: string;
  versionId: string;
}

export interface StatusInput {
  to: GovernanceStatus;
  /** The status the form was built on: a different current status means someone moved it meanwhile. */
  from: GovernanceStatus;
  comment: string | null;
  decision: DecisionInput | null;
}

function isValidDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2200) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function parseVotes(value: string, field: string, errors: FormErrors): number | null {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  if (!/^\d{1,7}$/.test(trimmed) || Number(trimmed) > VOTES_MAX) {
    errors[field] = "Indiquez un nombre entier de voix (0 ou plus), ou laissez vide.";
    return null;
  }
  return Number(trimmed);
}

function checkMultiline(value: string, field: string, what: string, max: number, errors: FormErrors, required: boolean): string {
  const trimmed = value.trim();
  if (hasNulCharacter(trimmed)) errors[field] = `${what} contient un caractère nul, qui n'est pas accepté.`;
  else if (required && trimmed === "") errors[field] = `${what} est obligatoire.`;
  else if (trimmed.length > max) errors[field] = `${what} ne peut pas dépasser ${max.toLocaleString("fr-FR")} caractères (${trimmed.length.toLocaleString("fr-FR")} actuellement).`;
  return trimmed;
}

export function parseStatusForm(values: StatusFormValues): { ok: true; input: StatusInput } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  if (!isGovernanceStatus(values.to)) return { ok: false, errors: { form: "Ce statut n'existe pas : rien n'a été changé." } };
  if (!isGovernanceStatus(values.from)) return { ok: false, errors: { form: "Le formulaire est incomplet : rechargez la page." } };
  const comment = checkMultiline(values.comment, "comment", "Le commentaire", COMMENT_MAX, errors, false);
  let decision: DecisionInput | null = null;
  if (isDecision(values.to)) {
    const decidingBody = values.decidingBody.trim();
    const bodyProblem = labelCharacterProblem(decidingBody, "L'instance qui décide");
    if (bodyProblem) errors.decidingBody = bodyProblem;
    else if (decidingBody === "") errors.decidingBody = "Indiquez l'instance qui a décidé (par exemple « assemblée générale du 12 mars 2026 »).";
    else if (decidingBody.length > BODY_MAX) errors.decidingBody = `L'instance ne peut pas dépasser ${BODY_MAX} caractères.`;
    const decidedOn = values.decidedOn.trim();
    if (decidedOn === "") errors.decidedOn = "Indiquez la date de la décision.";
    else if (!isValidDate(decidedOn)) errors.decidedOn = "Cette date n'existe pas : utilisez le format AAAA-MM-JJ (par exemple 2026-03-12).";
    const votesFor = parseVotes(values.votesFor, "votesFor", errors);
    const votesAgainst = parseVotes(values.votesAgainst, "votesAgainst", errors);
    const abstentions = parseVotes(values.abstentions, "abstentions", errors);
    const summary = checkMultiline(values.summary, "summary", "Le résumé de la décision", SUMMARY_MAX, errors, true);
    let versionId: number | null = null;
    if (values.versionId !== "") {
      versionId = parseId(values.versionId);
      if (versionId === null) errors.versionId = "Choisissez une version du texte de référence de cette proposition.";
    }
    decision = { decidedOn, decidingBody, votesFor, votesAgainst, abstentions, summary, versionId };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: { to: values.to, from: values.from, comment: comment || null, decision } };
}

export interface VersionFormValues {
  body: string;
  comment: string;
  base: string;
}

export interface VersionInput {
  body: string;
  comment: string;
  /** The number of the version the editor started from (0: there was none). */
  base: number;
}

export function parseVersionForm(values: VersionFormValues): { ok: true; input: VersionInput } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  const body = values.body.replace(/\r\n?/g, "\n");
  if (hasNulCharacter(body)) errors.body = "Le texte contient un caractère nul, qui n'est pas accepté.";
  else if (body.trim() === "") errors.body = "Le texte de référence ne peut pas être vide.";
  else if (body.length > REFERENCE_TEXT_MAX) {
    errors.body = `Le texte de référence ne peut pas dépasser ${REFERENCE_TEXT_MAX.toLocaleString("fr-FR")} caractères (${body.length.toLocaleString("fr-FR")} actuellement) : découpez-le en plusieurs propositions.`;
  }
  const comment = values.comment.trim();
  const commentProblem = labelCharacterProblem(comment, "Le commentaire de version");
  if (commentProblem) errors.comment = commentProblem;
  else if (comment === "") errors.comment = "Décrivez en quelques mots ce que change cette version.";
  else if (comment.length > VERSION_COMMENT_MAX) errors.comment = `Le commentaire de version ne peut pas dépasser ${VERSION_COMMENT_MAX} caractères.`;
  const base = /^\d{1,6}$/.test(values.base) ? Number(values.base) : -1;
  if (base < 0) errors.form = "Le formulaire est incomplet : rechargez la page.";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: { body, comment, base } };
}
