import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { DefaultTimestamp, NullableTimestamp, OptionalNullable, Timestamp } from "./column-types";
import "./schema-search";
import "./schema-moderation";
import "./schema-members";
import "./schema-notifications";
import "./schema-governance";
import "./schema-forum";

/**
 * The database as the migrations in `db/migrations/` leave it. Update this file, or the
 * db/schema-<domain>.ts that adds the domain's tables and columns to these interfaces (interface
 * merging), in the same change as any new migration.
 */

export type CollectiviteKind = "region" | "departement" | "commune" | "autre";
export type EntPhase = "pilote" | "generalisation";

export interface CollectiviteTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: CollectiviteKind;
  ent_name: string | null;
  establishment_count: number | null;
  /** "YYYY", "YYYY-MM" or "YYYY-MM-DD": only as precise as the source says. */
  launch_date: string | null;
  phase: EntPhase | null;
  integrator: string | null;
  website_url: string | null;
  description: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface TopicTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string | null;
  created_at: DefaultTimestamp;
}

export type Role = "observer" | "delegate" | "moderator" | "admin";
export type UserStatus = "active" | "suspended";

export interface AppUserTable {
  id: Generated<number>;
  /** Stored lower-cased: addresses are compared case-insensitively. */
  email: string;
  display_name: string;
  password_hash: string;
  role: Role;
  collectivite_id: number | null;
  status: Generated<UserStatus>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  last_seen_at: NullableTimestamp;
  /** What members type after "@" to mention this member; unique, never changes. */
  handle: string;
}

export interface UserSessionTable {
  id: string;
  user_id: number;
  expires_at: Timestamp;
  created_at: DefaultTimestamp;
}

export interface InvitationTable {
  id: Generated<number>;
  email: string;
  role: Role;
  collectivite_id: number | null;
  token_hash: string;
  invited_by: number;
  created_at: DefaultTimestamp;
  last_sent_at: DefaultTimestamp;
  expires_at: Timestamp;
  accepted_at: NullableTimestamp;
  accepted_user_id: number | null;
  revoked_at: NullableTimestamp;
}

export interface PasswordResetTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export type OutboxStatus = "pending" | "sent" | "failed";

export interface OutboxMessageTable {
  id: Generated<number>;
  recipient: string;
  subject: string;
  body_text: string;
  created_at: DefaultTimestamp;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: DefaultTimestamp;
  last_error: string | null;
  sent_at: NullableTimestamp;
  /** The secret link of the message (migration 005): kept only until sent, failed or expired. */
  secret_link: OptionalNullable<string>;
  /** What the link is, for administrators ("lien de réinitialisation"); the body holds a placeholder. */
  secret_label: OptionalNullable<string>;
  secret_expires_at: NullableTimestamp;
  /** How a sent message left: an SMTP server, or printed on the console (no SMTP_URL). */
  delivered_via: OptionalNullable<string>;
}

export interface RateLimitTable {
  key: string;
  hits: number;
  window_ends_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  target_user_id: number | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: DefaultTimestamp;
}

export type ThreadKind = "retour" | "question" | "discussion" | "gouvernance";
export type ThreadVisibility = "members" | "public";

export interface ThreadTable {
  id: Generated<number>;
  slug: string;
  title: string;
  kind: ThreadKind;
  visibility: Generated<ThreadVisibility>;
  author_id: number;
  created_at: DefaultTimestamp;
  last_activity_at: DefaultTimestamp;
  last_post_id: number | null;
  reply_count: Generated<number>;
  locked_at: NullableTimestamp;
  report_collectivite_id: number | null;
  report_establishments: number | null;
  /** "YYYY-MM". */
  report_period_start: string | null;
  report_period_end: string | null;
}

export interface ThreadCollectiviteTable {
  thread_id: number;
  collectivite_id: number;
}

export interface ThreadTopicTable {
  thread_id: number;
  topic_id: number;
}

export interface PostTable {
  id: Generated<number>;
  thread_id: number;
  /** 1 for the thread's opening post, then 2, 3… in order of writing. */
  position: number;
  author_id: number;
  body_markdown: string;
  /** Rendered and sanitized when written; pages never render Markdown on read. */
  body_html: string;
  /** Incremented by each edit; an edit based on an older version is a conflict. */
  version: Generated<number>;
  created_at: DefaultTimestamp;
  edited_at: NullableTimestamp;
  deleted_at: NullableTimestamp;
}

export interface PostRevisionTable {
  id: Generated<number>;
  post_id: number;
  /** The version this Markdown was, before the edit that replaced it. */
  version: number;
  body_markdown: string;
  editor_id: number;
  created_at: DefaultTimestamp;
}

export interface ThreadReadTable {
  user_id: number;
  thread_id: number;
  last_read_position: number;
  updated_at: DefaultTimestamp;
}

export interface Database {
  collectivite: CollectiviteTable;
  topic: TopicTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  invitation: InvitationTable;
  password_reset: PasswordResetTable;
  outbox_message: OutboxMessageTable;
  rate_limit: RateLimitTable;
  audit_log: AuditLogTable;
  thread: ThreadTable;
  thread_collectivite: ThreadCollectiviteTable;
  thread_topic: ThreadTopicTable;
  post: PostTable;
  post_revision: PostRevisionTable;
  thread_read: ThreadReadTable;
}

export type Collectivite = Selectable<CollectiviteTable>;
export type NewCollectivite = Insertable<CollectiviteTable>;
export type CollectiviteUpdate = Updateable<CollectiviteTable>;
export type Topic = Selectable<TopicTable>;
export type NewTopic = Insertable<TopicTable>;
export type User = Selectable<AppUserTable>;
export type NewUser = Insertable<AppUserTable>;
export type Invitation = Selectable<InvitationTable>;
export type OutboxMessage = Selectable<OutboxMessageTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type Thread = Selectable<ThreadTable>;
export type Post = Selectable<PostTable>;

// Curation (migration 007): edit-form versions, who last changed a profile, old thématique slugs.
export interface CollectiviteTable {
  /** Incremented by each profile change; a form based on an older version is stale. */
  version: Generated<number>;
  /** Who last changed the profile (null: seeded, or the member was deleted). */
  updated_by: number | null;
}

export interface TopicTable {
  version: Generated<number>;
  updated_at: DefaultTimestamp;
}

/** Old slugs of renamed or merged thématiques: `/thematiques/<old_slug>` answers 301. */
export interface TopicSlugRedirectTable {
  old_slug: string;
  topic_id: number;
  created_at: DefaultTimestamp;
}

export interface Database {
  topic_slug_redirect: TopicSlugRedirectTable;
}

// Account hardening (migration 005).
export interface SiteSecretTable {
  name: string;
  value: string;
  created_at: DefaultTimestamp;
}

export interface AppStateTable {
  key: string;
  value: ColumnType<Record<string, unknown>, string, string>;
  updated_at: DefaultTimestamp;
}

export interface Database {
  site_secret: SiteSecretTable;
  app_state: AppStateTable;
}

// Migration 006: one-time submission keys, and threads that went with their only post.
export interface SubmissionKeyTable {
  user_id: number;
  key: string;
  created_at: DefaultTimestamp;
  thread_id: number | null;
  post_id: number | null;
}

export interface ThreadTable {
  /** Set when the opening post was deleted before any reply: the thread is gone (410). */
  deleted_at: NullableTimestamp;
}

export interface Database {
  submission_key: SubmissionKeyTable;
}
