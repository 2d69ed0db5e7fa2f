import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The database as the migrations in `db/migrations/` leave it. Update this file in the same
 * change as any new migration.
 */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default (usually now()). */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A nullable column that inserts may leave out. */
type OptionalNullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

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

// Governance (migration 011).
export type GovernanceStatus = "proposition" | "discussion" | "adoptee" | "rejetee" | "retiree";
export type DecisionOutcome = "adoptee" | "rejetee";

export interface ThreadTable {
  /** The status of a gouvernance thread (a proposal); null for other kinds. Set to `proposition` by a trigger. */
  governance_status: ColumnType<GovernanceStatus | null, GovernanceStatus | null | undefined, GovernanceStatus | null>;
}

/** A status change of a proposal, shown in the thread between the posts. */
export interface GovernanceEventTable {
  id: Generated<number>;
  thread_id: number;
  actor_id: number | null;
  from_status: GovernanceStatus;
  to_status: GovernanceStatus;
  comment: string | null;
  created_at: DefaultTimestamp;
}

/** A version of a proposal's reference text; `number` counts from 1 per thread. */
export interface ReferenceVersionTable {
  id: Generated<number>;
  thread_id: number;
  number: number;
  body_markdown: string;
  comment: string;
  author_id: number | null;
  created_at: DefaultTimestamp;
}

/** The decision a move to adoptée or rejetée records; `reopened_at` once a moderator reopens it. */
export interface GovernanceDecisionTable {
  id: Generated<number>;
  thread_id: number;
  outcome: DecisionOutcome;
  /** "YYYY-MM-DD". */
  decided_on: string;
  deciding_body: string;
  votes_for: number | null;
  votes_against: number | null;
  abstentions: number | null;
  summary: string;
  version_id: number | null;
  recorded_by: number | null;
  created_at: DefaultTimestamp;
  reopened_at: NullableTimestamp;
}

/** A reply attached to an article of a version of the reference text. */
export interface ArticleCommentTable {
  post_id: number;
  version_id: number;
  article: string;
}

export interface Database {
  governance_event: GovernanceEventTable;
  reference_version: ReferenceVersionTable;
  governance_decision: GovernanceDecisionTable;
  article_comment: ArticleCommentTable;
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
