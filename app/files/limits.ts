/**
 * Client-safe facts about files in posts (docs/files.md): limits, the URL shape, labels.
 */

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_FILE_MB = MAX_FILE_BYTES / (1024 * 1024);
/** Longest stored file name, in characters (extension included). */
export const FILE_NAME_MAX = 120;
/** The form field of the file input in the post editors and of `POST /fichiers`. */
export const FILE_FIELD = "fichier";
/** The form field of an image's description in the no-JavaScript editor. */
export const FILE_ALT_FIELD = "fichierDescription";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isFileId(value: string | undefined | null): value is string {
  return typeof value === "string" && UUID.test(value);
}

export function filePath(id: string, name: string): string {
  return `/fichiers/${id}/${encodeURIComponent(name)}`;
}

/** `/fichiers/<uuid>/<name>`, optionally `?v=affichage`: the only image sources posts may carry. */
export const OWN_FILE_SRC = /^\/fichiers\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/[^/?#\s"'<>\\]+(\?v=affichage)?$/;

/** The file ids a Markdown text refers to, in order of appearance, without repeats. */
export function referencedFileIds(markdown: string): string[] {
  const ids = new Set<string>();
  for (const match of markdown.matchAll(/\/fichiers\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\//g)) {
    ids.add(match[1]!);
    if (ids.size >= 200) break;
  }
  return [...ids];
}

/** The Markdown inserted for an uploaded file: an image with its description, a link otherwise. */
export function fileMarkdown(file: { id: string; name: string; kind: "image" | "document" }, alt = ""): string {
  const label = (text: string) => text.replace(/[[\]\\\n\r]/g, " ").trim();
  const path = filePath(file.id, file.name);
  return file.kind === "image" ? `![${label(alt)}](${path})` : `[${label(file.name)}](${path})`;
}

/** Appends a Markdown snippet to a text on a line of its own. */
export function appendMarkdown(body: string, snippet: string): string {
  if (body.trim() === "") return snippet;
  return `${body.replace(/\s+$/, "")}\n\n${snippet}`;
}

/** "2,4 Mo", "830 ko", "12 octets". */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} octet${bytes > 1 ? "s" : ""}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024).toLocaleString("fr-FR")} ko`;
  return `${(bytes / (1024 * 1024)).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Mo`;
}

const TYPE_LABELS: Record<string, string> = {
  "image/png": "Image PNG",
  "image/jpeg": "Image JPEG",
  "image/webp": "Image WebP",
  "image/gif": "Image GIF",
  "application/pdf": "PDF",
  "application/vnd.oasis.opendocument.text": "Texte OpenDocument",
  "application/vnd.oasis.opendocument.spreadsheet": "Tableur OpenDocument",
  "application/vnd.oasis.opendocument.presentation": "Présentation OpenDocument",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Document Word",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Classeur Excel",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "Présentation PowerPoint",
  "text/csv": "Tableau CSV",
  "text/plain": "Texte",
};

export function fileTypeLabel(mime: string): string {
  return TYPE_LABELS[mime] ?? "Fichier";
}

/** Images in Markdown whose description is empty: `![](…)` (RGAA: every image needs one). */
export function imagesWithoutDescription(markdown: string): number {
  let count = 0;
  for (const match of markdown.matchAll(/!\[([^\]]*)\]\(\s*\/fichiers\//g)) {
    if (match[1]!.trim() === "") count++;
  }
  return count;
}
