import type { LoaderFunctionArgs } from "@remix-run/node";

import { getUser } from "~/auth/guards.server";
import { getReadDb } from "~/db.server";
import { threadPath } from "~/forum/slug";
import { suggestTitles } from "~/search/suggestions.server";

/**
 * `/recherche/suggestions?q=…`: the header's search-as-you-type, as JSON. Titles only, and only
 * those this reader may open; never cached (the answer depends on who asks).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  const user = await getUser(request);
  const titles = await suggestTitles(await getReadDb(request), user, q);
  return Response.json(
    { q, suggestions: titles.map((t) => ({ id: t.id, title: t.title, kind: t.kind, href: threadPath(t) })) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}
