import type { LoaderFunctionArgs } from "@remix-run/node";

import { requirePermission } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { suggestMentions } from "~/members/mention-suggestions.server";
import { normalizeMentionQuery } from "~/notifications/mention-query";

/**
 * `/membres/suggestions?q=…`: members to mention, as JSON, for the editor's "@" list. Only for
 * those who may write posts; never cached.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "post.reply");
  const q = normalizeMentionQuery(new URL(request.url).searchParams.get("q"));
  const members = await suggestMentions(await getDb(), q);
  return Response.json({ q, members }, { headers: { "Cache-Control": "private, no-store" } });
}
