import { redirect, type ActionFunctionArgs } from "@remix-run/node";

import { requirePermission } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { textField } from "~/lib/form-data";
import { parseId } from "~/lib/ids";
import { isWatchLevel, watchTargetParams } from "~/notifications/levels";
import { setWatchLevel } from "~/notifications/watch.server";

/** POST /suivi (cible, id, niveau): the watch control of threads, thématiques and collectivités. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "thread.watch");
  const form = await request.formData();
  const target = Object.hasOwn(watchTargetParams, textField(form, "cible")) ? watchTargetParams[textField(form, "cible")] : undefined;
  const id = parseId(textField(form, "id"));
  const level = textField(form, "niveau");
  if (!target || id === null || !isWatchLevel(level)) throw new Response("Requête invalide", { status: 400 });
  const path = await setWatchLevel(await getDb(), user, target, id, level);
  if (path === null) throw new Response("Introuvable", { status: 404 });
  return redirect(`${path}?suivi=${level}`);
}
