import type { LoaderFunctionArgs } from "@remix-run/node";

import { getReadDb } from "~/db.server";
import { atomResponse } from "~/feeds/feed-response.server";
import { latestThreadsFeed } from "~/feeds/feeds.server";

/** /flux/fils.atom: the latest public threads, for anyone. */
export async function loader({ request }: LoaderFunctionArgs) {
  return atomResponse(request, await latestThreadsFeed(await getReadDb(request)));
}
