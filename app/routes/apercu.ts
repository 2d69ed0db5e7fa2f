import { data, type ActionFunctionArgs } from "@remix-run/node";

import { requirePermission } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { previewPost } from "~/forum/preview.server";
import { textField } from "~/lib/form-data";

/** Live preview for the post editor: the same pipeline as saving, nothing stored. POST only. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, "post.reply");
  const body = textField(await request.formData(), "body");
  const result = await previewPost(await getDb(), { userId: user.id, clientAddress: context.clientAddress }, body);
  const headers: Record<string, string> = result.status === 429 ? { "Retry-After": String(result.retryAfterSeconds) } : {};
  return data({ html: result.html }, { status: result.status, headers });
}

/** Nothing to show at this address: a French "page not found" in the site's layout. */
export function loader() {
  throw new Response("Page introuvable", { status: 404 });
}

// A UI route, so that the 404 above renders in the site's layout rather than as bare text.
export default function Preview() {
  return null;
}
