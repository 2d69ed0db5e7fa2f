import { sql, type Kysely } from "kysely";

// Frozen once landed: migrations never import application code.
//
// Watching, notifications and notification e-mail (issue 12, items 1 to 4):
// - `thread_watch`, `topic_watch`, `collectivite_watch`: a member's level on a thread, thématique or
//   collectivité (`watching` = suivre, `normal`, `ignoring` = ignorer). No row means normal. The
//   primary keys serve "my level here"; the (target, level) indexes serve "who watches this".
// - `notification_preference`: one optional row per member (no row: the defaults below).
// - `notification`: one per (recipient, post), the strongest reason (mention > quote > reply >
//   watched). Few foreign keys and indexes: a post may insert thousands of rows at once. `read_at` for the header count and /notifications, `emailed_at` once the mail task
//   has dealt with it (mailed, put into a digest, or skipped).
// - `notification_digest`: the claimed-row queue of digests: inserting (member, slot) claims that
//   member's digest for that slot, so several processes never send it twice.
// - `outbox_message.headers`: extra mail headers (List-Unsubscribe), JSON.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create type watch_level as enum ('watching', 'normal', 'ignoring')`.execute(db);
  for (const [table, target, ref] of [
    ["thread_watch", "thread_id", "thread"],
    ["topic_watch", "topic_id", "topic"],
    ["collectivite_watch", "collectivite_id", "collectivite"],
  ] as const) {
    await sql`
      create table ${sql.table(table)} (
        user_id integer not null references app_user (id) on delete cascade,
        ${sql.ref(target)} integer not null references ${sql.table(ref)} (id) on delete cascade,
        level watch_level not null,
        updated_at timestamptz not null default now(),
        primary key (user_id, ${sql.ref(target)})
      )
    `.execute(db);
    await sql`create index ${sql.ref(`${table}_target_idx`)} on ${sql.table(table)} (${sql.ref(target)}, level)`.execute(db);
  }

  await sql`
    create table notification_preference (
      user_id integer primary key references app_user (id) on delete cascade,
      watch_own_threads boolean not null default true,
      watch_replied_threads boolean not null default true,
      email_frequency text not null default 'daily' check (email_frequency in ('immediate', 'daily', 'weekly', 'never')),
      email_direct_only boolean not null default false,
      updated_at timestamptz not null default now()
    )
  `.execute(db);

  await sql`
    create table notification (
      id integer generated always as identity primary key,
      recipient_id integer not null references app_user (id) on delete cascade,
      kind text not null check (kind in ('mention', 'quote', 'reply', 'watched_thread', 'watched_post')),
      -- The post's thread, copied for grouping: a deleted thread takes its posts, and so these rows.
      thread_id integer not null,
      post_id integer not null references post (id) on delete cascade,
      -- Who wrote the post; no foreign key (one check less per row on a post with thousands of
      -- recipients): a deleted member reads as "un ancien membre".
      actor_id integer,
      created_at timestamptz not null default now(),
      read_at timestamptz,
      emailed_at timestamptz,
      unique (recipient_id, post_id)
    )
  `.execute(db);
  await sql`create index notification_unread_idx on notification (recipient_id, thread_id) where read_at is null`.execute(db);
  await sql`create index notification_unmailed_idx on notification (recipient_id) where emailed_at is null`.execute(db);
  await sql`create index notification_post_idx on notification (post_id)`.execute(db);

  await sql`
    create table notification_digest (
      user_id integer not null references app_user (id) on delete cascade,
      slot timestamptz not null,
      created_at timestamptz not null default now(),
      primary key (user_id, slot)
    )
  `.execute(db);

  await sql`alter table outbox_message add column headers jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table outbox_message drop column headers`.execute(db);
  for (const table of ["notification_digest", "notification", "notification_preference", "collectivite_watch", "topic_watch", "thread_watch"]) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
  await sql`drop type watch_level`.execute(db);
}
