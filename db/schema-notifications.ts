import type { ColumnType, Generated } from "kysely";
import type { Timestamp, DefaultTimestamp, NullableTimestamp } from "./column-types";

/** Watching, notifications and their e-mail (migrations 013, 025). Merged into the interfaces of db/schema.ts (interface merging). */
declare module "./schema" {
  // Watching, notifications and their e-mail (migration 013).
  /** suivre / normal / ignorer. */
  export type WatchLevel = "watching" | "normal" | "ignoring";

  export interface ThreadWatchTable {
    user_id: number;
    thread_id: number;
    level: WatchLevel;
    updated_at: DefaultTimestamp;
  }

  export interface TopicWatchTable {
    user_id: number;
    topic_id: number;
    level: WatchLevel;
    updated_at: DefaultTimestamp;
  }

  export interface CollectiviteWatchTable {
    user_id: number;
    collectivite_id: number;
    level: WatchLevel;
    updated_at: DefaultTimestamp;
  }

  export type EmailFrequency = "immediate" | "daily" | "weekly" | "never";

  /** No row: the defaults (watch own and replied threads, daily digest, every kind). */
  export interface NotificationPreferenceTable {
    user_id: number;
    watch_own_threads: Generated<boolean>;
    watch_replied_threads: Generated<boolean>;
    email_frequency: Generated<EmailFrequency>;
    email_direct_only: Generated<boolean>;
    updated_at: DefaultTimestamp;
  }

  export type PostNotificationKind = "mention" | "quote" | "reply" | "watched_thread" | "watched_post";
  /** About an event, not a post: no post_id; `detail` and `link` say what and where (migration 025). */
  export type EventNotificationKind = "proposal_status" | "moderation";
  export type NotificationKind = PostNotificationKind | EventNotificationKind;

  export interface NotificationTable {
    id: Generated<number>;
    recipient_id: number;
    kind: NotificationKind;
    /** Null only for a warning (kind "moderation" without a thread). */
    thread_id: number | null;
    /** Null for event kinds. */
    post_id: number | null;
    actor_id: number | null;
    /** Event kinds: the French sentence shown and the path opened (written by the app from ids). */
    detail: string | null;
    link: string | null;
    created_at: DefaultTimestamp;
    read_at: NullableTimestamp;
    /** Set once the mail task dealt with it: mailed, put in a digest, or skipped. */
    emailed_at: NullableTimestamp;
  }

  /** A claimed digest: (member, slot) inserted by the one process that sends it. */
  export interface NotificationDigestTable {
    user_id: number;
    slot: Timestamp;
    created_at: DefaultTimestamp;
  }

  export interface OutboxMessageTable {
    /** Extra headers (List-Unsubscribe…); SECRET_PLACEHOLDER in a value is replaced like in the body. */
    headers: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  }

  export interface Database {
    thread_watch: ThreadWatchTable;
    topic_watch: TopicWatchTable;
    collectivite_watch: CollectiviteWatchTable;
    notification_preference: NotificationPreferenceTable;
    notification: NotificationTable;
    notification_digest: NotificationDigestTable;
  }
}
