import type { LoaderFunctionArgs } from "@remix-run/node";

import { getDb } from "~/db.server";
import { atomResponse, feedNotFound } from "~/feeds/feed-response.server";
import { topicFeed } from "~/feeds/feeds.server";

/** /flux/thematiques/<slug>.atom: the latest public threads of a thématique. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const feed = await topicFeed(await getDb(), params.file);
  return feed ? atomResponse(request, feed) : feedNotFound();
}
