/**
 * A bookmark's private note and reminder date, as typed in the forms (client-safe: no database).
 * Messages are French, keyed by field.
 */

export const NOTE_MAX = 500;

export type BookmarkErrors = Partial<Record<"note" | "remindOn" | "form", string>>;

export interface BookmarkInput {
  /** Trimmed; null when empty. */
  note: string | null;
  /** "YYYY-MM-DD"; null when empty. */
  remindOn: string | null;
}

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 2000 || year > 2999) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function parseBookmarkForm(values: { note: string; remindOn: string }):
  | { ok: true; input: BookmarkInput }
  | { ok: false; errors: BookmarkErrors } {
  const errors: BookmarkErrors = {};
  const note = values.note.trim();
  // Counted in code points, as PostgreSQL's char_length does.
  const length = [...note].length;
  if (length > NOTE_MAX) {
    errors.note = `La note ne doit pas dépasser ${NOTE_MAX} caractères (${length.toLocaleString("fr-FR")} actuellement).`;
  }
  const remindOn = values.remindOn.trim();
  if (remindOn !== "" && !isCalendarDate(remindOn)) errors.remindOn = "Indiquez une date de rappel valide (JJ/MM/AAAA).";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: { note: note === "" ? null : note, remindOn: remindOn === "" ? null : remindOn } };
}

/** A short plain-text excerpt of a post's Markdown, for lists (never HTML). */
export function plainExcerpt(markdown: string, max = 200): string {
  const text = markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, "")
    .replace(/[*_`~]+/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join("").trimEnd()}…` : text;
}
