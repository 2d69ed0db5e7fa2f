import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

import { getUser, signInUrl } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { getDb } from "~/db.server";
import { locatePost } from "~/forum/posts.server";
import { pageOfPosition } from "~/forum/pages";
import { threadPath } from "~/forum/slug";

/** `/messages/123`: a short permanent link to a post (quotes use it), sent to its page and anchor. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = Number(params.postId);
  if (!Number.isInteger(id) || id < 1) throw new Response("Message introuvable", { status: 404 });
  const location = await locatePost(await getDb(), id);
  if (!location) throw new Response("Message introuvable", { status: 404 });
  if (location.visibility !== "public" && !can(await getUser(request), "thread.readMembers")) throw redirect(signInUrl(request));
  return redirect(`${threadPath({ id: location.threadId, slug: location.slug })}?page=${pageOfPosition(location.position)}#message-${location.id}`);
}
