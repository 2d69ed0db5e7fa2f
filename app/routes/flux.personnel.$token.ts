import type { LoaderFunctionArgs } from "@remix-run/node";

import { getDb } from "~/db.server";
import { memberForFeedToken } from "~/feeds/feed-tokens.server";
import { atomResponse, feedNotFound } from "~/feeds/feed-response.server";
import { personalFeed } from "~/feeds/feeds.server";

/**
 * /flux/personnel/<token>.atom: a member's personal feed (members-only threads included). The token
 * is the only credential (feed readers send no cookie); a forged, revoked or replaced token, or a
 * suspended member's, gets the same 404 and reveals nothing. The parameter is named `token` so
 * the request log redacts it (server/routes.ts).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = params.token ?? "";
  if (!file.endsWith(".atom")) return feedNotFound();
  const token = file.slice(0, -".atom".length);
  const db = await getDb();
  const member = await memberForFeedToken(db, token);
  if (!member) return feedNotFound();
  return atomResponse(request, await personalFeed(db, member, token), { personal: true });
}
