import type { ColumnType, Generated } from "kysely";
import type { DefaultTimestamp } from "./column-types";

/** Members: profiles, bookmarks, "utile" marks, personal feeds (migrations 009, 010, 014). Merged into the interfaces of db/schema.ts (interface merging). */
declare module "./schema" {
  // Profiles and bookmarks (migration 009).
  export interface AppUserTable {
    /** An optional short bio in Markdown, and its stored rendering. */
    bio_markdown: string | null;
    bio_html: string | null;
    /** The member lets visitors see a minimal profile (name, collectivité, role, public threads). */
    public_profile: Generated<boolean>;
  }

  /** A member's bookmark on a post: one per (member, post), with a private note and a reminder date. */
  export interface BookmarkTable {
    id: Generated<number>;
    user_id: number;
    post_id: number;
    note: string | null;
    /** "YYYY-MM-DD". */
    remind_on: string | null;
    created_at: DefaultTimestamp;
    updated_at: DefaultTimestamp;
  }

  // "Utile" marks (migration 010).
  export interface PostTable {
    /** How many members marked the post useful; kept by a trigger on useful_mark, never written by the app. */
    useful_count: ColumnType<number, never, never>;
  }

  /** A member found a post useful: one per (post, member). */
  export interface UsefulMarkTable {
    post_id: number;
    user_id: number;
    created_at: DefaultTimestamp;
  }

  export interface Database {
    useful_mark: UsefulMarkTable;
  }

  // Personal Atom feeds (migration 014).
  /** A member's secret feed token, stored hashed: one per member, replaced when regenerated. */
  export interface FeedTokenTable {
    user_id: number;
    token_hash: string;
    created_at: DefaultTimestamp;
  }

  export interface Database {
    feed_token: FeedTokenTable;
  }
}
