import { sql, type Kysely } from "kysely";

import type { Database } from "../../db/schema";
import { can } from "../auth/permissions";
import type { Viewer } from "../forum/viewer";

/**
 * Who may read a file: it follows the posts that refer to it. Readable when at least one such post
 * is readable by the viewer (its thread not deleted and public or the viewer a member, the post
 * neither deleted nor hidden — moderators still see hidden posts); a file no post refers to yet is
 * its uploader's alone. Everything else is "not found" (never "forbidden": no confirmation that it
 * exists).
 */

export interface ServableFile {
  id: string;
  name: string;
  mime: string;
  kind: "image" | "document";
  size: number;
  sha256: Buffer;
  displaySha256: Buffer | null;
  displaySize: number | null;
}

export async function findReadableFile(db: Kysely<Database>, viewer: Viewer | null, id: string): Promise<ServableFile | null> {
  const member = can(viewer, "thread.readMembers");
  const curator = can(viewer, "thread.curate");
  const viewerId = viewer && viewer.status === "active" ? viewer.id : 0;
  const row = await db
    .selectFrom("file as f")
    .select([
      "f.id",
      "f.name",
      "f.mime",
      "f.kind",
      "f.size",
      "f.sha256",
      "f.display_sha256 as displaySha256",
      "f.display_size as displaySize",
      "f.uploader_id as uploaderId",
      sql<boolean>`exists (select 1 from post_file pf where pf.file_id = f.id)`.as("linked"),
      sql<boolean>`exists (
        select 1 from post_file pf
          join post p on p.id = pf.post_id
          join thread t on t.id = p.thread_id
        where pf.file_id = f.id
          and p.deleted_at is null and t.deleted_at is null
          and (p.hidden_at is null or ${curator})
          and (t.visibility = 'public' or ${member})
      )`.as("readable"),
    ])
    .where("f.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  const { linked, readable, uploaderId, ...file } = row;
  if (readable || (!linked && viewerId !== 0 && uploaderId === viewerId)) return file;
  return null;
}
