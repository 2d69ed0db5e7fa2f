import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";

import { requireUser } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { setAcceptedAnswer } from "~/forum/accepted-answer.server";
import { textField } from "~/lib/form-data";

/**
 * `POST /messages/:postId/accepter`: the question's author (or a moderator) accepts this reply as
 * the answer (`intent=accept`) or withdraws it (`intent=remove`), then returns to the post.
 * Refusals answer in the site's French layout (400, 403, 404).
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const postId = /^\d{1,10}$/.test(params.postId ?? "") ? Number(params.postId) : NaN;
  const form = await request.formData();
  const intent = textField(form, "intent");
  if (intent !== "accept" && intent !== "remove") throw new Response("Action inconnue", { status: 400 });
  const result = await setAcceptedAnswer(await getDb(), user, postId, intent === "accept");
  if (!result.ok) throw new Response(result.message, { status: result.status });
  return redirect(`/messages/${postId}`);
}

/** A GET (a pasted address) goes to the post itself. */
export function loader({ params }: LoaderFunctionArgs) {
  const postId = params.postId ?? "";
  if (!/^\d{1,10}$/.test(postId)) throw new Response("Message introuvable", { status: 404 });
  return redirect(`/messages/${postId}`);
}

/** Never rendered; a page route so refusals show in the site's French layout. */
export default function AcceptAnswerRoute() {
  return null;
}
