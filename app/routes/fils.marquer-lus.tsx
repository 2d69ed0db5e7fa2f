import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";

import { requirePermission, safeRedirect } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { markListReadByQuery } from "~/forum/list-page.server";
import { parseListQuery } from "~/forum/list-query";
import { textField } from "~/lib/form-data";

/**
 * `POST /fils/marquer-lus`: "Tout marquer comme lu", for the list named by the form's `type`,
 * `collectivite` and `thematique` (none: every list), then back to the list (`retour`).
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "thread.readMembers");
  const form = await request.formData();
  const params = new URLSearchParams();
  for (const name of ["type", "collectivite", "thematique"]) {
    const value = textField(form, name);
    if (value) params.set(name, value);
  }
  await markListReadByQuery(await getDb(), user, parseListQuery(params));
  return redirect(safeRedirect(textField(form, "retour")));
}

/** A GET (a pasted address) goes to the home page. */
export function loader(_args: LoaderFunctionArgs) {
  return redirect("/");
}

/** Never rendered; a page route so refusals show in the site's French layout. */
export default function MarkReadRoute() {
  return null;
}
