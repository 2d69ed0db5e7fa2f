import { checkTitle } from "../forum/validation";
import { parseId } from "../lib/ids";
import type { FormErrors } from "./moderation-form";

/**
 * Client-safe parsing of the split and merge forms (`/fils/:ref/deplacer`, `/fils/:ref/fusionner`).
 * The domain functions in `thread-moves.server.ts` check again, under lock, what depends on the
 * database (the posts' thread, the target's existence, its kind).
 */

/** At most this many posts in one move (a page of the thread shows 50). */
export const MOVE_MAX_POSTS = 200;

export const targetHint = "Le numéro du fil (par exemple 123) ou son adresse (par exemple https://…/fils/123-titre-du-fil).";

/**
 * The thread a moderator names: "123", "123-some-slug", "/fils/123-slug", or a full address of a
 * thread page (query and fragment ignored). Null for anything else.
 */
export function parseThreadReference(text: string): number | null {
  const value = text.trim();
  if (value.length === 0 || value.length > 2000 || value.includes("\0")) return null;
  const bare = /^(\d{1,10})(?:-[a-z0-9-]*)?$/.exec(value);
  if (bare) return parseId(bare[1]);
  const path = /^(?:https?:\/\/[^/\s]+)?\/fils\/(\d{1,10})(?:-[^/?#\s]*)?(?:[/?#]\S*)?$/i.exec(value);
  return path ? parseId(path[1]) : null;
}

export type MoveMode = "existant" | "nouveau";

export interface MoveFormValues {
  mode: string;
  target: string;
  title: string;
  postIds: string[];
}

export interface MoveRequest {
  postIds: number[];
  target: { kind: "existing"; threadId: number } | { kind: "new"; title: string };
}

/** The posts chosen: ids as the form sends them, deduplicated; null if one is not an id at all. */
export function parsePostIds(values: string[]): number[] | null {
  const ids = [...new Set(values)].map((v) => parseId(v));
  return ids.every((id): id is number => id !== null) ? ids : null;
}

export function parseMoveForm(values: MoveFormValues): { ok: true; request: MoveRequest } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  const postIds = parsePostIds(values.postIds);
  if (postIds === null) errors.postIds = "Un des messages choisis n'existe pas dans ce fil.";
  else if (postIds.length === 0) errors.postIds = "Choisissez au moins un message à déplacer.";
  else if (postIds.length > MOVE_MAX_POSTS) errors.postIds = `Déplacez au plus ${MOVE_MAX_POSTS} messages à la fois (${postIds.length} choisis).`;
  let target: MoveRequest["target"] | null = null;
  if (values.mode === "nouveau") {
    const title = values.title.trim();
    checkTitle(title, errors);
    if (!errors.title) target = { kind: "new", title };
  } else if (values.mode === "existant") {
    const threadId = parseThreadReference(values.target);
    if (threadId === null) errors.target = values.target.trim() === "" ? `Indiquez le fil d'arrivée : ${targetHint.charAt(0).toLowerCase()}${targetHint.slice(1)}` : `Ce n'est pas une référence de fil. ${targetHint}`;
    else target = { kind: "existing", threadId };
  } else {
    errors.mode = "Choisissez où déplacer les messages : dans un fil existant ou dans un nouveau fil.";
  }
  if (Object.keys(errors).length > 0 || postIds === null || target === null) return { ok: false, errors };
  return { ok: true, request: { postIds, target } };
}

export function parseMergeForm(target: string): { ok: true; threadId: number } | { ok: false; errors: FormErrors } {
  const threadId = parseThreadReference(target);
  if (threadId !== null) return { ok: true, threadId };
  return { ok: false, errors: { target: target.trim() === "" ? "Indiquez le fil dans lequel fusionner celui-ci." : `Ce n'est pas une référence de fil. ${targetHint}` } };
}
