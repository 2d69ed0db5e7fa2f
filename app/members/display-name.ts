import { labelCharacterProblem } from "../lib/text-rules";

/** The rules of a display name, shared by every form that sets one. Client-safe. */

export const DISPLAY_NAME_MIN = 2;
export const DISPLAY_NAME_MAX = 80;

/** Trimmed and in Unicode NFC, so "é" typed two ways is one name. */
export function normalizeDisplayName(name: string): string {
  return name.normalize("NFC").trim();
}

/** A French message, or null when the name is acceptable. Counts characters as PostgreSQL does. */
export function displayNameProblem(name: string): string | null {
  const normalized = normalizeDisplayName(name);
  const characters = labelCharacterProblem(normalized, "Le nom d'affichage");
  if (characters) return characters;
  const length = [...normalized].length;
  if (length < DISPLAY_NAME_MIN || length > DISPLAY_NAME_MAX) {
    return `Le nom d'affichage doit faire entre ${DISPLAY_NAME_MIN} et ${DISPLAY_NAME_MAX} caractères.`;
  }
  return null;
}
