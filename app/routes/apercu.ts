import type { ActionFunctionArgs } from "@remix-run/node";

import { requirePermission } from "~/auth/guards.server";
import { getDb } from "~/db.server";
import { BODY_MAX } from "~/forum/kinds";
import { renderPost } from "~/forum/render-post.server";
import { textField } from "~/lib/form-data";

/** Live preview for the post editor: the same pipeline as saving, nothing stored. */
export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, "post.reply");
  const body = textField(await request.formData(), "body").slice(0, BODY_MAX);
  return { html: await renderPost(await getDb(), body) };
}
