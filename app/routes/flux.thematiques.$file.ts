import type { LoaderFunctionArgs } from "@remix-run/node";

import { getReadDb } from "~/db.server";
import { atomResponse, feedNotFound } from "~/feeds/feed-response.server";
import { topicFeed } from "~/feeds/feeds.server";

/** /flux/thematiques/<slug>.atom: the latest public threads of a thématique. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const feed = await topicFeed(await getReadDb(request), params.file);
  return feed ? atomResponse(request, feed) : feedNotFound();
}
