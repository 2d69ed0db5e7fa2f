import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";
import type { Viewer } from "../forum/viewer";
import { textField } from "../lib/form-data";
import { FILE_ALT_FIELD, FILE_FIELD, fileMarkdown } from "./limits";
import { TOO_LARGE_MESSAGE, uploadStream, type UploadResult } from "./upload.server";

/**
 * The post editors' forms, with or without a file. A plain form is read as usual. A multipart one
 * (the "Joindre le fichier" button, which works without JavaScript) is streamed: its file goes
 * through `uploadStream`, its text fields stay small, and the caller shows the form again with
 * what was typed and the file's Markdown appended (`upload`).
 */

export type EditorUpload =
  | { ok: true; markdown: string; name: string }
  | { ok: false; status: 400 | 403 | 413; message: string };

export interface PostForm {
  form: FormData;
  upload: EditorUpload | null;
}

const TEXT_PART_MAX = 1024 * 1024;

export function isMultipart(request: Request): boolean {
  return /^multipart\/form-data\b/i.test(request.headers.get("content-type") ?? "");
}

export async function readPostForm(db: Kysely<Database>, request: Request, viewer: Viewer): Promise<PostForm> {
  if (!isMultipart(request)) return { form: await request.formData(), upload: null };
  let result: UploadResult | null = null;
  const files = async (part: Parameters<UploadHandler>[0]): Promise<void> => {
    if (part.name !== FILE_FIELD || result !== null || part.filename === "") {
      for await (const chunk of part.data) void chunk;
      return;
    }
    result = await uploadStream(db, viewer, part.data, part.filename);
  };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, async (part) => {
      if (part.filename === undefined) return textParts(part);
      await files(part);
      return undefined;
    });
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError || isTooLarge(error)) {
      return { form: new FormData(), upload: { ok: false, status: 413, message: TOO_LARGE_MESSAGE } };
    }
    throw new Response("Formulaire illisible", { status: 400 });
  }
  const outcome = result as UploadResult | null;
  if (outcome === null) return { form, upload: { ok: false, status: 400, message: "Choisissez d'abord un fichier à joindre." } };
  if (!outcome.ok) return { form, upload: outcome };
  return { form, upload: { ok: true, name: outcome.file.name, markdown: fileMarkdown(outcome.file, textField(form, FILE_ALT_FIELD)) } };
}

const textParts = unstable_createMemoryUploadHandler({ maxPartSize: TEXT_PART_MAX });

function isTooLarge(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if ((current as { status?: unknown }).status === 413) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
