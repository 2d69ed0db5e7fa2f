import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";

import { getUser } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { parseDraftTarget, saveDraft } from "~/drafts/drafts.server";
import { textField } from "~/lib/form-data";

/**
 * `POST /brouillons/enregistrer` (`fil`: a thread id or `nouveau`, `body`): the editor saves the
 * member's draft here while they type (JavaScript, debounced). Answers JSON: `{ ok, savedAt }` or
 * `{ ok: false, message }` with the status (413: over the post limit; the stored draft is kept).
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await getUser(request);
  if (!user) return data({ ok: false as const, message: "Connectez-vous pour enregistrer un brouillon." }, { status: 401 });
  const form = await request.formData();
  const target = parseDraftTarget(textField(form, "fil"));
  if (!target) return data({ ok: false as const, message: "Brouillon sans fil." }, { status: 400 });
  const body = form.get("body");
  const result = await saveDraft(await getDb(), user, target, typeof body === "string" ? body : "");
  if (!result.ok) return data({ ok: false as const, message: result.message }, { status: result.status });
  return data({ ok: true as const, savedAt: result.savedAt ? result.savedAt.toISOString() : null });
}

/** A GET (a pasted address) shows the member's drafts. */
export function loader(_args: LoaderFunctionArgs) {
  return redirect("/brouillons");
}
