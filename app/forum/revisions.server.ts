import type { Kysely } from "kysely";

import type { Database } from "../../db/schema";

export interface Revision {
  version: number;
  markdown: string;
  editorName: string;
  savedAt: Date;
  current: boolean;
}

/**
 * Every version of a post, oldest first: the stored revisions, then the current text. Version n
 * was written by the editor of the revision n-1 → n (or the author for version 1).
 */
export async function listRevisions(db: Kysely<Database>, postId: number): Promise<Revision[] | null> {
  const post = await db
    .selectFrom("post")
    .innerJoin("app_user as author", "author.id", "post.author_id")
    .select(["post.body_markdown", "post.version", "post.created_at", "post.edited_at", "post.deleted_at", "author.display_name"])
    .where("post.id", "=", postId)
    .executeTakeFirst();
  if (!post || post.deleted_at) return null;
  const revisions = await db
    .selectFrom("post_revision")
    .innerJoin("app_user as editor", "editor.id", "post_revision.editor_id")
    .select(["post_revision.version", "post_revision.body_markdown", "post_revision.created_at", "editor.display_name"])
    .where("post_revision.post_id", "=", postId)
    .orderBy("post_revision.version")
    .execute();
  // A revision row holds version v's text and was written when version v+1 replaced it.
  const versions: Revision[] = revisions.map((r, index) => ({
    version: r.version,
    markdown: r.body_markdown,
    editorName: index === 0 ? post.display_name : revisions[index - 1]!.display_name,
    savedAt: index === 0 ? post.created_at : revisions[index - 1]!.created_at,
    current: false,
  }));
  const last = revisions.at(-1);
  versions.push({
    version: post.version,
    markdown: post.body_markdown,
    editorName: last ? last.display_name : post.display_name,
    savedAt: last ? last.created_at : post.created_at,
    current: true,
  });
  return versions;
}
