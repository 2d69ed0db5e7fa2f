import type { LoaderFunctionArgs } from "@remix-run/node";

import { getReadDb } from "~/db.server";
import { atomResponse, feedNotFound } from "~/feeds/feed-response.server";
import { collectiviteFeed } from "~/feeds/feeds.server";

/** /flux/collectivites/<slug>.atom: the latest public threads that concern a collectivité. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const feed = await collectiviteFeed(await getReadDb(request), params.file);
  return feed ? atomResponse(request, feed) : feedNotFound();
}
