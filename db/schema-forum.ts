import type { ColumnType, Generated } from "kysely";
import type { DefaultTimestamp, NullableTimestamp } from "./column-types";

/** The forum, complete, and files in posts (migrations 021, 020; docs/files.md). Merged into the interfaces of db/schema.ts (interface merging). */
declare module "./schema" {
  // The forum, complete: accepted answers, list sorts and density, server-side drafts (migration 021).
  export interface ThreadTable {
    /** A question's accepted answer (one of its replies); null: open. */
    accepted_post_id: number | null;
    /** The "utile" marks of the thread's posts, kept by the useful-mark trigger. */
    useful_count: ColumnType<number, never, never>;
  }

  export interface AppUserTable {
    /** The member chose the compact density for thread lists. */
    compact_lists: ColumnType<boolean, boolean | undefined, boolean>;
  }

  /** A post being written, saved on the server: one per (member, thread), one per member for a new thread. */
  export interface PostDraftTable {
    id: Generated<number>;
    user_id: number;
    /** Null: the draft of a new thread. */
    thread_id: number | null;
    body: string;
    updated_at: DefaultTimestamp;
  }

  export interface Database {
    post_draft: PostDraftTable;
  }

  // Files in posts (migration 020, docs/files.md).
  export interface FileChunkTable {
    sha256: Buffer;
    data: Buffer;
  }

  export interface FileContentTable {
    sha256: Buffer;
    seq: number;
    chunk_sha256: Buffer;
    size: number;
  }

  export type FileKind = "image" | "document";

  export interface FileTable {
    id: string;
    uploader_id: number;
    name: string;
    mime: string;
    kind: FileKind;
    size: number;
    sha256: Buffer;
    width: number | null;
    height: number | null;
    display_sha256: Buffer | null;
    display_size: number | null;
    display_width: number | null;
    display_height: number | null;
    extracted_text: string | null;
    created_at: DefaultTimestamp;
    published_at: NullableTimestamp;
  }

  export interface PostFileTable {
    post_id: number;
    file_id: string;
    current: Generated<boolean>;
  }

  export interface PostTable {
    /** The extracted text of the post's current files, weight D of its search vector. */
    attachment_text: string | null;
  }

  export interface Database {
    file_chunk: FileChunkTable;
    file_content: FileContentTable;
    file: FileTable;
    post_file: PostFileTable;
  }
}
