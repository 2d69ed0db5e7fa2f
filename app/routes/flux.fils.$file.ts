import type { LoaderFunctionArgs } from "@remix-run/node";

import { getDb } from "~/db.server";
import { atomResponse, feedNotFound } from "~/feeds/feed-response.server";
import { threadFeed } from "~/feeds/feeds.server";

/** /flux/fils/<id>-<slug>.atom: the latest posts of a public thread. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const feed = await threadFeed(await getDb(), params.file);
  return feed ? atomResponse(request, feed) : feedNotFound();
}
