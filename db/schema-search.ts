import type { ColumnType } from "kysely";
import type { Timestamp } from "./column-types";

/** Search: the columns and tables of full-text search (migrations 004 and 023, docs/search.md). Merged into the interfaces of db/schema.ts (interface merging). */
declare module "./schema" {
  // Search (migration 004): columns that triggers and generated expressions keep, never written by the
  // app. Declared by interface merging so this block stays self-contained; see docs/search.md.
  export interface ThreadTable {
    /** Title (weight A), tag names (C) and filter lexemes, copied into each post's vector. */
    search_header: ColumnType<string, never, never>;
    /** to_tsvector of the title alone: `dans:titre` and search-as-you-type. */
    title_vector: ColumnType<string, never, never>;
    /** Title words unstemmed and unaccented: prefix matching for search-as-you-type. */
    title_words: ColumnType<string, never, never>;
  }

  export interface PostTable {
    /** Body (B) + the thread's search_header; null once the post is deleted. */
    search_vector: ColumnType<string | null, never, never>;
    /** A copy of "its thread is public", for the visitors' index of newest posts. */
    public_thread: ColumnType<boolean, never, never>;
  }

  /** Distinct words of thread titles, for "Vouliez-vous dire …"; kept by a trigger on thread. */
  export interface TitleWordTable {
    word: string;
    thread_count: number;
    public_count: number;
  }

  export interface Database {
    title_word: TitleWordTable;
  }

  // The narrow search table (migration 023), maintained by triggers from `post.search_vector`.
  export interface PostSearchTable {
    post_id: number;
    thread_id: number;
    created_at: Timestamp;
    public_thread: boolean;
    vector: string;
  }

  export interface Database {
    post_search: PostSearchTable;
  }
}
