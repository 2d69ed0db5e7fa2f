import type { Kysely, Transaction } from "kysely";

import type { Database, Role, UserStatus } from "../../db/schema";
import { imageFactsFor } from "../files/post-files.server";
import { renderMarkdown, type RenderMarkdownOptions } from "../markdown/render.server";

export interface MentionedMember {
  id: number;
  handle: string;
  displayName: string;
  role: Role;
  status: UserStatus;
}

/**
 * Renders a post's Markdown to stored HTML, with `@handle` mentions linked to the members who
 * exist. One query for all the mentions of the post, whatever their number.
 */
export async function renderPost(db: Kysely<Database> | Transaction<Database>, markdown: string): Promise<string> {
  return (await renderPostWithMentions(db, markdown)).html;
}

/**
 * The same, with the members it mentions (for notifications) and the handles that name nobody
 * (flagged in the preview). `flagUnknown` marks those in the HTML: for previews only, never stored.
 */
export async function renderPostWithMentions(
  db: Kysely<Database> | Transaction<Database>,
  markdown: string,
  { flagUnknown = false }: { flagUnknown?: boolean } = {},
): Promise<{ html: string; mentions: MentionedMember[]; unknownHandles: string[] }> {
  const names = new Set<string>();
  const images = await imageFactsFor(db, markdown);
  const resolveImage: RenderMarkdownOptions["resolveImage"] = (id) => images.get(id) ?? null;
  renderMarkdown(markdown, {
    resolveMention: (name) => {
      names.add(name.toLowerCase());
      return null;
    },
  });
  if (names.size === 0) return { html: renderMarkdown(markdown, { resolveImage }), mentions: [], unknownHandles: [] };
  const members = await db
    .selectFrom("app_user")
    .select(["id", "handle", "display_name as displayName", "role", "status"])
    .where("handle", "in", [...names])
    .execute();
  const byHandle = new Map(members.map((m) => [m.handle, m]));
  const unknownHandles = [...names].filter((name) => !byHandle.has(name));
  const html = renderMarkdown(markdown, {
    resolveImage,
    resolveMention: (name) => {
      const member = byHandle.get(name.toLowerCase());
      if (member) return { href: `/membres/${member.id}` };
      return flagUnknown ? { href: UNKNOWN_MENTION_HREF } : null;
    },
  });
  return {
    html: flagUnknown ? flagUnknownMentions(html) : html,
    mentions: members,
    unknownHandles,
  };
}

/** A marker href the preview turns into a flagged mention (it never reaches stored HTML). */
const UNKNOWN_MENTION_HREF = "/membres/aucun-membre";

function flagUnknownMentions(html: string): string {
  return html.replace(
    // Whatever attributes the sanitizer adds or reorders (rel, class), the marker href identifies it.
    /<a\b[^>]*\bhref="\/membres\/aucun-membre"[^>]*>(@[^<]*)<\/a>/g,
    '<mark class="mention mention--unknown" title="Aucun membre ne porte ce nom">$1 <span class="mention__flag">(aucun membre ne porte ce nom)</span></mark>',
  );
}

/** A preview: as saving renders it, and mentions that name nobody flagged ("aucun membre ne porte ce nom"). */
export async function renderPreview(db: Kysely<Database> | Transaction<Database>, markdown: string): Promise<string> {
  return (await renderPostWithMentions(db, markdown, { flagUnknown: true })).html;
}
