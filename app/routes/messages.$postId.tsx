import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

import { getUser, signInUrl } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { getDb } from "~/db.server";
import { locatePost } from "~/forum/posts.server";
import { pageOfPosition } from "~/forum/pages";
import { threadPath } from "~/forum/slug";
import { parseId } from "~/lib/ids";

/** `/messages/123`: a short permanent link to a post (quotes use it), sent to its page and anchor. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = parseId(params.postId);
  const location = id ? await locatePost(await getDb(), id) : undefined;
  if (!location) throw new Response("Message introuvable", { status: 404 });
  if (location.visibility !== "public" && !can(await getUser(request), "thread.readMembers")) throw redirect(signInUrl(request));
  return redirect(`${threadPath({ id: location.threadId, slug: location.slug })}?page=${pageOfPosition(location.position)}#message-${location.id}`);
}

/** Never rendered (the loader always redirects or throws); it makes this a page route, so a 404 gets the French layout. */
export default function PostPermalink() {
  return null;
}
