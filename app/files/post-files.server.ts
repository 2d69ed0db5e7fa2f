import { sql, type Kysely, type Transaction } from "kysely";

import type { Database, FileKind } from "../../db/schema";
import type { ImageFacts } from "../markdown/render.server";
import { referencedFileIds } from "./limits";

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Files and posts: a post's Markdown refers to files by their `/fichiers/<id>/` URL. In the post's
 * writing transaction, `linkPostFiles` records which files the post refers to (`post_file`: kept
 * for every revision, `current` for the present text), publishes them, and copies their extracted
 * text into `post.attachment_text` (weight D of the post's search vector). A post may only take
 * files its author uploaded or files already published (readable through another post).
 */
export async function linkPostFiles(trx: Transaction<Database>, postId: number, authorId: number, markdown: string, { isNew = false } = {}): Promise<void> {
  const ids = referencedFileIds(markdown);
  if (!isNew) await trx.updateTable("post_file").set({ current: false }).where("post_id", "=", postId).where("current", "=", true).execute();
  if (ids.length === 0) {
    if (!isNew) await trx.updateTable("post").set({ attachment_text: null }).where("id", "=", postId).where("attachment_text", "is not", null).execute();
    return;
  }
  await trx
    .insertInto("post_file")
    .columns(["post_id", "file_id", "current"])
    .expression((eb) =>
      eb
        .selectFrom("file")
        .select([sql<number>`${postId}::integer`.as("post_id"), "file.id", sql<boolean>`true`.as("current")])
        .where("file.id", "in", ids)
        .where((w) => w.or([w("file.uploader_id", "=", authorId), w("file.published_at", "is not", null)])),
    )
    .onConflict((oc) => oc.columns(["post_id", "file_id"]).doUpdateSet({ current: true }))
    .execute();
  await sql`
    update file set published_at = now()
    where published_at is null and id in (select file_id from post_file where post_id = ${postId} and current)
  `.execute(trx);
  await sql`
    update post set attachment_text = (
      select string_agg(f.extracted_text, E'\n' order by f.name)
      from post_file pf join file f on f.id = pf.file_id
      where pf.post_id = ${postId} and pf.current and f.extracted_text is not null
    )
    where id = ${postId}
  `.execute(trx);
}

/** Display sizes of the image files a Markdown text refers to: one query, none without images. */
export async function imageFactsFor(db: Db, markdown: string): Promise<Map<string, ImageFacts>> {
  const ids = referencedFileIds(markdown);
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("file")
    .select(["id", "display_width", "display_height"])
    .where("id", "in", ids)
    .where("kind", "=", "image")
    .execute();
  const facts = new Map<string, ImageFacts>();
  for (const row of rows) {
    if (row.display_width !== null && row.display_height !== null) facts.set(row.id, { width: row.display_width, height: row.display_height });
  }
  return facts;
}

export interface Attachment {
  id: string;
  name: string;
  mime: string;
  kind: FileKind;
  size: number;
}

/** The current attachments of a page of posts, by post id: one query whatever the page's length. */
export async function listAttachments(db: Kysely<Database>, postIds: number[]): Promise<Record<number, Attachment[]>> {
  if (postIds.length === 0) return {};
  return attachmentsByPost(await attachmentsQuery(db, postIds).execute());
}

/** The current files of these posts (none for no post); also part of the thread page's statement. */
export function attachmentsQuery(db: Kysely<Database>, postIds: number[]) {
  return db
    .selectFrom("post_file")
    .innerJoin("file", "file.id", "post_file.file_id")
    .select(["post_file.post_id as postId", "file.id", "file.name", "file.mime", "file.kind", "file.size"])
    .where((eb) => (postIds.length > 0 ? eb("post_file.post_id", "in", postIds) : eb.lit(false)))
    .where("post_file.current", "=", true)
    .orderBy("post_file.post_id")
    .orderBy("file.name");
}

export function attachmentsByPost(rows: ({ postId: number } & Attachment)[]): Record<number, Attachment[]> {
  const byPost: Record<number, Attachment[]> = {};
  for (const { postId, ...file } of rows) (byPost[postId] ??= []).push(file);
  return byPost;
}

/** Files uploaded more than `olderThan` ago that no post has ever referred to are removed. */
export async function purgeOrphanFiles(db: Kysely<Database>, olderThan = "24 hours"): Promise<number> {
  const removed = await sql<{ id: string }>`
    delete from file f
    where f.published_at is null
      and f.created_at < now() - ${olderThan}::interval
      and not exists (select 1 from post_file pf where pf.file_id = f.id)
    returning f.id
  `.execute(db);
  return removed.rows.length;
}
