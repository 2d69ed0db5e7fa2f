import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

import { requirePermission } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { parseId } from "~/lib/ids";
import { openNotification } from "~/notifications/notifications.server";

/**
 * `/notifications/123`: opens a notification. Marks it (and the member's other unread ones in that
 * thread) read, then redirects to its post's permalink or its event's path — built by the app from
 * ids, never taken from input.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "notifications.read");
  const id = parseId(params.id);
  const opened = id === null ? null : await openNotification(await getDb(), user.id, id);
  if (!opened) throw new Response("Notification introuvable", { status: 404 });
  return redirect(opened.path);
}

/** Never rendered (the loader always redirects or throws); a page route, so a 404 gets the French layout. */
export default function OpenNotification() {
  return null;
}
