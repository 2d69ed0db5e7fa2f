import { open } from "node:fs/promises";

import { fileTypeFromFile } from "file-type";

import type { FileKind } from "../../db/schema";
import { extensionOf } from "./names";

/**
 * What a file is, decided from its bytes (magic numbers, then the zip's parts for OpenDocument and
 * Office files), never from its name or the browser's claim. Text has no magic number: a file
 * with none is accepted as text only if it is valid UTF-8 without NUL and does not look like markup.
 */

export interface AcceptedType {
  mime: string;
  kind: FileKind;
  /** Extensions a name may carry for this type; the first is added to a name that has none. */
  extensions: readonly string[];
  /** How text is extracted for search, if at all. */
  extract: "pdf" | "odf" | "ooxml" | "text" | null;
}

const BY_MIME: Record<string, AcceptedType> = {
  "image/png": { mime: "image/png", kind: "image", extensions: ["png"], extract: null },
  "image/jpeg": { mime: "image/jpeg", kind: "image", extensions: ["jpg", "jpeg"], extract: null },
  "image/webp": { mime: "image/webp", kind: "image", extensions: ["webp"], extract: null },
  "image/gif": { mime: "image/gif", kind: "image", extensions: ["gif"], extract: null },
  "application/pdf": { mime: "application/pdf", kind: "document", extensions: ["pdf"], extract: "pdf" },
  "application/vnd.oasis.opendocument.text": { mime: "application/vnd.oasis.opendocument.text", kind: "document", extensions: ["odt"], extract: "odf" },
  "application/vnd.oasis.opendocument.spreadsheet": { mime: "application/vnd.oasis.opendocument.spreadsheet", kind: "document", extensions: ["ods"], extract: "odf" },
  "application/vnd.oasis.opendocument.presentation": { mime: "application/vnd.oasis.opendocument.presentation", kind: "document", extensions: ["odp"], extract: "odf" },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
    mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    kind: "document",
    extensions: ["docx"],
    extract: "ooxml",
  },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
    mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    kind: "document",
    extensions: ["xlsx"],
    extract: "ooxml",
  },
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": {
    mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    kind: "document",
    extensions: ["pptx"],
    extract: "ooxml",
  },
};

const CSV: AcceptedType = { mime: "text/csv", kind: "document", extensions: ["csv"], extract: "text" };
const TEXT: AcceptedType = { mime: "text/plain", kind: "document", extensions: ["txt", "md", "text"], extract: "text" };

export type Detection = { ok: true; type: AcceptedType } | { ok: false; message: string };

export const REFUSED_TYPE =
  "Ce type de fichier n'est pas accepté : images (PNG, JPEG, WebP, GIF), PDF, documents OpenDocument ou Office, CSV et texte seulement.";

export async function detectFileType(path: string, name: string): Promise<Detection> {
  const found = await fileTypeFromFile(path);
  const extension = extensionOf(name);
  if (found) {
    const type = BY_MIME[found.mime];
    if (!type) return { ok: false, message: REFUSED_TYPE };
    if (extension !== "" && !type.extensions.includes(extension)) return mismatch(extension, type);
    return { ok: true, type };
  }
  const text = await checkText(path);
  if (text !== "ok") {
    return { ok: false, message: text === "markup" ? "Les fichiers HTML, SVG ou XML ne sont pas acceptés (ils pourraient contenir des scripts)." : REFUSED_TYPE };
  }
  const type = extension === "csv" ? CSV : TEXT;
  if (extension !== "" && !type.extensions.includes(extension)) return mismatch(extension, type);
  return { ok: true, type };
}

function mismatch(extension: string, type: AcceptedType): Detection {
  return {
    ok: false,
    message: `Le contenu de ce fichier ne correspond pas à son extension « .${extension} » (c'est un fichier ${type.extensions[0]!.toUpperCase()}).`,
  };
}

const MARKUP = /<\s*(!doctype|html|svg|script|\?xml|head|body|iframe|object|embed)\b/i;

/** Streams the file: valid UTF-8, no NUL, no markup in the first 64 KiB. */
async function checkText(path: string): Promise<"ok" | "binary" | "markup"> {
  const handle = await open(path);
  try {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const buffer = Buffer.alloc(64 * 1024);
    let first = true;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const bytes = buffer.subarray(0, bytesRead);
      if (bytes.includes(0)) return "binary";
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        return "binary";
      }
      if (first && MARKUP.test(text)) return "markup";
      first = false;
    }
    try {
      decoder.decode();
    } catch {
      return "binary";
    }
    return "ok";
  } finally {
    await handle.close();
  }
}
