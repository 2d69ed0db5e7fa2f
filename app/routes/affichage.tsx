import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";

import { getUser, isSecureRequest, safeRedirect } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { saveDensity } from "~/forum/density.server";
import { textField } from "~/lib/form-data";

/**
 * `POST /affichage`: the density of thread lists (`densite=compacte|normale`), kept on the member's
 * account, in a cookie for a visitor; then back to the list (`retour`).
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await getUser(request);
  const form = await request.formData();
  const density = textField(form, "densite") === "compacte" ? "compacte" : "normale";
  const cookie = await saveDensity(await getDb(), user, density, isSecureRequest(request));
  return redirect(safeRedirect(textField(form, "retour")), cookie ? { headers: { "Set-Cookie": cookie } } : undefined);
}

/** A GET (a pasted address) goes to the home page. */
export function loader(_args: LoaderFunctionArgs) {
  return redirect("/");
}

export default function DensityRoute() {
  return null;
}
