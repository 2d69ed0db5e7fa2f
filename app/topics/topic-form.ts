import { slugify } from "../forum/slug";

/**
 * The thématique forms (create, rename and describe, merge): shape checks, French messages per
 * field. Client-safe; whether a name is taken is the database's question (app/topics/curation.server.ts).
 */

export type Errors = Partial<Record<string, string>>;

export const TOPIC_NAME_MIN = 2;
export const TOPIC_NAME_MAX = 80;
export const TOPIC_DESCRIPTION_MAX = 500;
/** Path segments of /thematiques/… that are pages, never a thématique's slug. */
export const reservedTopicSlugs: readonly string[] = ["nouvelle", "modifier"];

export interface TopicFormValues {
  name: string;
  description: string;
}

export interface TopicInput {
  name: string;
  slug: string;
  description: string | null;
}

/** Spaces collapsed, ends trimmed: "  Socle   technique " is "Socle technique". */
export function cleanName(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

/** The slug a thématique name gives ("Logiciel libre" → "logiciel-libre"), or null if it has no letter or digit. */
export function topicSlug(name: string): string | null {
  const slug = slugify(name);
  return /[a-z0-9]/.test(name.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()) ? slug : null;
}

export function parseTopicForm(values: TopicFormValues): { ok: true; input: TopicInput } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  const name = cleanName(values.name);
  const length = [...name].length;
  const slug = topicSlug(name);
  if (length === 0) errors.name = "Donnez un nom à la thématique.";
  else if (length < TOPIC_NAME_MIN) errors.name = `Le nom doit faire au moins ${TOPIC_NAME_MIN} caractères.`;
  else if (length > TOPIC_NAME_MAX) errors.name = `Le nom ne doit pas dépasser ${TOPIC_NAME_MAX} caractères (${length} actuellement).`;
  else if (!slug) errors.name = "Le nom doit contenir au moins une lettre ou un chiffre.";
  else if (reservedTopicSlugs.includes(slug)) errors.name = `« ${name} » est réservé par le site : choisissez un autre nom.`;
  const description = values.description.trim();
  if ([...description].length > TOPIC_DESCRIPTION_MAX) {
    errors.description = `La description ne doit pas dépasser ${TOPIC_DESCRIPTION_MAX} caractères (${[...description].length} actuellement).`;
  }
  if (Object.keys(errors).length > 0 || !slug) return { ok: false, errors };
  return { ok: true, input: { name, slug, description: description || null } };
}

export interface MergeInput {
  targetId: number;
}

/** The merge form: a target chosen, and the box "I understand" ticked (the act cannot be undone). */
export function parseMergeForm(values: { targetId: string; confirm: string }): { ok: true; input: MergeInput } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  const targetId = /^\d{1,9}$/.test(values.targetId) ? Number(values.targetId) : null;
  if (targetId === null) errors.targetId = "Choisissez la thématique qui recevra les fils.";
  if (values.confirm !== "oui") errors.confirm = "Cochez la case pour confirmer la fusion : elle ne peut pas être annulée.";
  if (targetId === null || errors.confirm) return { ok: false, errors };
  return { ok: true, input: { targetId } };
}
