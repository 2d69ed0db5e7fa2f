import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

import { getUser, signInUrl } from "~/auth/guards.server";
import { getReadDb } from "~/db.server";
import { decisionMarkdown, findDecisionRecord } from "~/governance/register.server";
import { parseId } from "~/lib/ids";
import { publicOrigin } from "~/lib/origin.server";

/** `/gouvernance/decisions/12.md`: the decision and its adopted text as a Markdown file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = parseId(params.id);
  const db = await getReadDb(request);
  const record = id ? await findDecisionRecord(db, await getUser(request), id) : null;
  if (record === "members-only") throw redirect(signInUrl(request));
  if (!record) throw new Response("Décision introuvable", { status: 404 });
  return new Response(decisionMarkdown(record, publicOrigin()), {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="decision-${record.id}.md"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
