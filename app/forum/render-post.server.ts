import type { Kysely, Transaction } from "kysely";

import type { Database } from "../../db/schema";
import { renderMarkdown } from "../markdown/render.server";

/**
 * Renders a post's Markdown to stored HTML, with `@handle` mentions linked to the members who
 * exist. One query for all the mentions of the post, whatever their number.
 */
export async function renderPost(db: Kysely<Database> | Transaction<Database>, markdown: string): Promise<string> {
  const names = new Set<string>();
  renderMarkdown(markdown, {
    resolveMention: (name) => {
      names.add(name.toLowerCase());
      return null;
    },
  });
  if (names.size === 0) return renderMarkdown(markdown);
  const members = await db.selectFrom("app_user").select(["id", "handle"]).where("handle", "in", [...names]).execute();
  const byHandle = new Map(members.map((m) => [m.handle, m.id]));
  return renderMarkdown(markdown, {
    resolveMention: (name) => {
      const id = byHandle.get(name.toLowerCase());
      return id === undefined ? null : { href: `/membres/${id}` };
    },
  });
}
