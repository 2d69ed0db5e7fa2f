import type { LoaderFunctionArgs } from "@remix-run/node";

import { getReadDb } from "~/db.server";
import { atomResponse, feedNotFound } from "~/feeds/feed-response.server";
import { threadFeed } from "~/feeds/feeds.server";

/** /flux/fils/<id>-<slug>.atom: the latest posts of a public thread. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const feed = await threadFeed(await getReadDb(request), params.file);
  return feed ? atomResponse(request, feed) : feedNotFound();
}
