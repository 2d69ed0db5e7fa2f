import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";

import { requirePermission } from "~/auth/guards.server";
import { addBookmark, removeBookmark } from "~/bookmarks/bookmarks.server";
import { getDb } from "~/db.server";
import { textField } from "~/lib/form-data";

/**
 * `POST /messages/:postId/signet`: adds (`intent=add`) or removes (`intent=remove`) the member's
 * bookmark on a post. Without JavaScript it returns to the post; the fetcher (`reponse=donnees`)
 * gets the new state instead.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "post.bookmark");
  const postId = /^\d{1,10}$/.test(params.postId ?? "") ? Number(params.postId) : NaN;
  const form = await request.formData();
  const intent = textField(form, "intent");
  if (intent !== "add" && intent !== "remove") throw new Response("Action inconnue", { status: 400 });
  const db = await getDb();
  const result = intent === "add" ? await addBookmark(db, user, postId) : await removeBookmark(db, user, postId);
  if (!result.ok) throw new Response(result.errors.form ?? "Requête invalide", { status: result.status });
  if (textField(form, "reponse") === "donnees") return data({ bookmarked: result.bookmarked });
  return redirect(`/messages/${postId}`);
}

/** A GET (a pasted address) goes to the post itself. */
export function loader({ params }: LoaderFunctionArgs) {
  const postId = params.postId ?? "";
  if (!/^\d{1,10}$/.test(postId)) throw new Response("Message introuvable", { status: 404 });
  return redirect(`/messages/${postId}`);
}

/**
 * Never rendered (the loader always redirects, the action redirects or answers data); its presence
 * makes this a page route, so a refusal or a 404 is shown in the site's French layout, not as bare text.
 */
export default function BookmarkRoute() {
  return null;
}
