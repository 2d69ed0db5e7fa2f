import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

import { getReadDb } from "~/db.server";
import { atomResponse, feedNotFound } from "~/feeds/feed-response.server";
import { mergedThreadFeedPath, threadFeed } from "~/feeds/feeds.server";

/** /flux/fils/<id>-<slug>.atom: the latest posts of a public thread; a merged thread's feed moved (301). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getReadDb(request);
  const feed = await threadFeed(db, params.file);
  if (feed) return atomResponse(request, feed);
  const moved = await mergedThreadFeedPath(db, params.file);
  return moved ? redirect(moved, 301) : feedNotFound();
}
