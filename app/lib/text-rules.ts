/**
 * Characters that have no place in a one-line label (display name, thread title): they hide
 * text, reorder it on screen or break it across lines. Client-safe, shared by every form.
 */

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
// Embeddings, overrides, isolates and marks that reorder text (LRE…RLO, LRI…PDI, LRM, RLM, ALM).
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u;
// Zero-width space, (non-)joiner, word joiner, BOM and other invisible format characters.
const INVISIBLE = /[\u200b-\u200d\u2060-\u2064\ufeff\u00ad\u180e]/u;

/** The French reason a one-line label is refused, or null. `what` reads "Le titre", "Le nom d'affichage"… */
export function labelCharacterProblem(text: string, what: string): string | null {
  if (text.includes("\0")) return `${what} contient un caractère nul, qui n'est pas accepté.`;
  if (CONTROL.test(text)) return `${what} ne peut pas contenir de retour à la ligne ni de caractère de contrôle.`;
  if (BIDI.test(text)) return `${what} ne peut pas contenir de caractère qui change le sens d'écriture (U+202A à U+202E, U+2066 à U+2069).`;
  if (INVISIBLE.test(text)) return `${what} ne peut pas contenir de caractère invisible (espace sans largeur, liant…).`;
  return null;
}

/** A NUL byte, which PostgreSQL refuses in any text column. */
export function hasNulCharacter(text: string): boolean {
  return text.includes("\0");
}
