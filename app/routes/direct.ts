import type { LoaderFunctionArgs } from "@remix-run/node";

import { getUser } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { liveHub } from "~/live/live.server";
import { subscribe } from "~/live/subscribe.server";

/** /direct?fil=<id>: the server-sent-event stream of live updates (see app/live/subscribe.server.ts). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await getUser(request);
  return subscribe(await getDb(), await liveHub(), {
    viewer,
    threadParam: new URL(request.url).searchParams.get("fil"),
    address: String(context.clientAddress),
    signal: request.signal,
  });
}
