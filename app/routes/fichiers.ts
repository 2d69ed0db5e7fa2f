import { data, type ActionFunctionArgs } from "@remix-run/node";

import { requirePermission } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { readPostForm } from "~/files/post-form.server";

/**
 * `POST /fichiers`: one file (field `fichier`) from the editor's JavaScript (progress bar, drag and
 * drop, paste). Answers JSON: the Markdown to insert, or a French message (400, 403, 413).
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "file.upload");
  const { upload } = await readPostForm(await getDb(), request, user);
  if (!upload) return data({ ok: false as const, message: "Envoyez le fichier dans un formulaire multipart (champ « fichier »)." }, { status: 400 });
  if (!upload.ok) return data({ ok: false as const, message: upload.message }, { status: upload.status });
  return data({ ok: true as const, name: upload.name, markdown: upload.markdown });
}

/** Nothing to show at this address. */
export function loader() {
  throw new Response("Page introuvable", { status: 404 });
}

