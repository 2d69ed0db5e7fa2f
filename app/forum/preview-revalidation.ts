import type { ShouldRevalidateFunction } from "@remix-run/react";

/**
 * The live preview posts to `/apercu` through a fetcher; by default, every fetcher action makes
 * Remix reload the page's loaders. A preview changes nothing on the server, so the pages with an
 * editor (and the root) skip that reload: it cost a round of queries per keystroke pause and, when
 * the member published right after a preview, it raced the redirect to the new thread (the
 * navigation ended on an empty page). Saving the server-side draft (`/brouillons/enregistrer`,
 * debounced while typing) changes nothing the page shows either: reloading would remount the editor.
 */
const quietActions = new Set(["/apercu", "/brouillons/enregistrer"]);

export const skipRevalidationAfterPreview: ShouldRevalidateFunction = ({ formAction, defaultShouldRevalidate }) =>
  formAction && quietActions.has(formAction) ? false : defaultShouldRevalidate;
