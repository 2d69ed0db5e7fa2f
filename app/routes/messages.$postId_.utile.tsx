import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";

import { markUseful, unmarkUseful } from "~/appreciation/useful.server";
import { requirePermission } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { textField } from "~/lib/form-data";

/**
 * `POST /messages/:postId/utile`: marks (`intent=add`) or unmarks (`intent=remove`) a post as
 * useful. Without JavaScript it returns to the post; the fetcher (`reponse=donnees`) gets the new
 * state instead.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "post.markUseful");
  const postId = /^\d{1,10}$/.test(params.postId ?? "") ? Number(params.postId) : NaN;
  const form = await request.formData();
  const intent = textField(form, "intent");
  if (intent !== "add" && intent !== "remove") throw new Response("Action inconnue", { status: 400 });
  const db = await getDb();
  const result = intent === "add" ? await markUseful(db, user, postId) : await unmarkUseful(db, user, postId);
  if (!result.ok) throw new Response(result.message, { status: result.status });
  if (textField(form, "reponse") === "donnees") return data({ marked: result.marked, count: result.count });
  return redirect(`/messages/${postId}`);
}

/** A GET (a pasted address) goes to the post itself. */
export function loader({ params }: LoaderFunctionArgs) {
  const postId = params.postId ?? "";
  if (!/^\d{1,10}$/.test(postId)) throw new Response("Message introuvable", { status: 404 });
  return redirect(`/messages/${postId}`);
}

/** Never rendered; a page route so refusals show in the site's French layout. */
export default function UsefulRoute() {
  return null;
}
