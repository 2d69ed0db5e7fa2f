import type { Generated } from "kysely";
import type { DefaultTimestamp, NullableTimestamp } from "./column-types";

/** Moderation: thread and post moderation, reports, warnings, split and merge (migrations 008, 017, 024). Merged into the interfaces of db/schema.ts (interface merging). */
declare module "./schema" {
  // Thread and post moderation, reports (migration 008).
  export interface ThreadTable {
    /** Pinned since; null: not pinned. */
    pinned_at: NullableTimestamp;
    /** The pin ends by itself at this time (null: until unpinned). */
    pinned_until: NullableTimestamp;
    /** Null: pinned on the home page (and in its thématiques); set: within this thématique only. */
    pinned_topic_id: number | null;
    /** "À la une" on the home page since. */
    featured_at: NullableTimestamp;
    lock_reason: string | null;
    locked_by: number | null;
    /** Out of lists and search, reachable by its link. */
    unlisted_at: NullableTimestamp;
    /** Incremented by each moderation act; a form based on an older version is stale. */
    curation_version: Generated<number>;
  }

  export interface PostTable {
    hidden_at: NullableTimestamp;
    hidden_reason: string | null;
    /** Null with `hidden_at` set: hidden automatically after three reports. */
    hidden_by: number | null;
  }

  export type ReportReason = "inappropriate" | "off_topic" | "personal_data" | "duplicate" | "other";
  export type ReportResolution = "hidden" | "locked" | "dismissed" | "edited" | "warned";

  export interface PostReportTable {
    id: Generated<number>;
    post_id: number;
    reporter_id: number;
    reason: ReportReason;
    note: string | null;
    created_at: DefaultTimestamp;
    resolved_at: NullableTimestamp;
    resolved_by: number | null;
    resolution: ReportResolution | null;
    resolution_note: string | null;
  }

  /** Told to a member on their next visit. */
  export interface MemberNoticeTable {
    id: Generated<number>;
    user_id: number;
    body: string;
    created_at: DefaultTimestamp;
    seen_at: NullableTimestamp;
  }

  export interface Database {
    post_report: PostReportTable;
    member_notice: MemberNoticeTable;
    bookmark: BookmarkTable;
  }

  // Moderation, the items left of issue 9 (migration 017).
  export interface PostTable {
    /** Deleted by a moderator (null with `deleted_at` set: by its author), and why. */
    deleted_by: number | null;
    deleted_reason: string | null;
  }

  /** A private warning from a moderator, shown to the member until they acknowledge it. */
  export interface MemberWarningTable {
    id: Generated<number>;
    user_id: number;
    issued_by: number | null;
    reason: string;
    /** The post it is about, if any (a warning given while handling reports). */
    post_id: number | null;
    created_at: DefaultTimestamp;
    acknowledged_at: NullableTimestamp;
  }

  export interface AppUserTable {
    /** Suspended until this time (the account stays `active`; the suspension ends by itself). */
    suspended_until: NullableTimestamp;
    suspension_reason: string | null;
  }

  export interface Database {
    member_warning: MemberWarningTable;
  }

  // Split and merge (migration 024).
  /** A thread merged into another: its old id answers 301 to the thread it went into. */
  export interface ThreadRedirectTable {
    old_thread_id: number;
    old_slug: string;
    old_title: string;
    target_thread_id: number;
    created_at: DefaultTimestamp;
  }

  export interface Database {
    thread_redirect: ThreadRedirectTable;
  }
}
