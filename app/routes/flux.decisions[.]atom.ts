import type { LoaderFunctionArgs } from "@remix-run/node";

import { getReadDb } from "~/db.server";
import { atomResponse } from "~/feeds/feed-response.server";
import { registerFeed } from "~/feeds/register-feed.server";

/** /flux/decisions.atom: the register of decisions of public proposals, for anyone. */
export async function loader({ request }: LoaderFunctionArgs) {
  return atomResponse(request, await registerFeed(await getReadDb(request)));
}
