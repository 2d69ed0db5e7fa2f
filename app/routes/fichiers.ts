import type { ActionFunctionArgs } from "@remix-run/node";

import { requirePermission } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { fileNotFound } from "~/files/not-found.server";
import { readPostForm } from "~/files/post-form.server";

/**
 * `POST /fichiers`: one file (field `fichier`) from the editor's JavaScript (progress bar, drag and
 * drop, paste). Answers JSON: the Markdown to insert, or a French message (400, 403, 413).
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "file.upload");
  const { upload } = await readPostForm(await getDb(), request, user);
  if (!upload) return Response.json({ ok: false, message: "Envoyez le fichier dans un formulaire multipart (champ « fichier »)." }, { status: 400 });
  if (!upload.ok) return Response.json({ ok: false, message: upload.message }, { status: upload.status });
  return Response.json({ ok: true, name: upload.name, markdown: upload.markdown });
}

/** Nothing to show at this address. */
export function loader() {
  throw fileNotFound();
}

