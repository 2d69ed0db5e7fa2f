import { redirect, type ActionFunctionArgs } from "@remix-run/node";

import { requireUser, safeRedirect } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { textField } from "~/lib/form-data";
import { parseId } from "~/lib/ids";
import { acknowledgeWarning } from "~/moderation/warnings.server";

/** "J'ai pris connaissance": the member acknowledges one of their warnings, then goes back. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = parseId(params.id);
  if (!id) throw new Response("Avertissement introuvable", { status: 404 });
  const form = await request.formData();
  if (!(await acknowledgeWarning(await getDb(), user.id, id))) throw new Response("Avertissement introuvable", { status: 404 });
  return redirect(safeRedirect(textField(form, "retour")));
}

export function loader() {
  throw new Response("Page introuvable", { status: 404 });
}

// A UI route, so that the 404 above renders in the site's layout rather than as bare text.
export default function Warning() {
  return null;
}
