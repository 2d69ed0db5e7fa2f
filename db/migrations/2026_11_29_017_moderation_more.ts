import { sql, type Kysely } from "kysely";

// Frozen once landed: migrations never import application code.
//
// Moderation, the items left of issue 9:
// - a post deleted by a moderator: `deleted_by` (null: by its author) and `deleted_reason`;
// - reports may be resolved by editing the post or by warning its author;
// - `member_warning`: a private warning, shown to the member until acknowledged;
// - timed suspensions: `app_user.suspended_until` and its reason. The account stays `active`: a
//   suspension is in force while `suspended_until > now()`, so it ends by itself (no cron).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table post add column deleted_by integer references app_user (id) on delete set null`.execute(db);
  await sql`alter table post add column deleted_reason text check (char_length(deleted_reason) <= 500)`.execute(db);

  await sql`alter table post_report drop constraint post_report_resolution_check`.execute(db);
  await sql`
    alter table post_report add constraint post_report_resolution_check
      check (resolution in ('hidden', 'locked', 'dismissed', 'edited', 'warned'))
  `.execute(db);

  await sql`
    create table member_warning (
      id integer generated always as identity primary key,
      user_id integer not null references app_user (id) on delete cascade,
      issued_by integer references app_user (id) on delete set null,
      reason text not null check (char_length(reason) between 1 and 2000),
      post_id integer references post (id) on delete set null,
      created_at timestamptz not null default now(),
      acknowledged_at timestamptz
    )
  `.execute(db);
  // Every page of a signed-in member asks for their unacknowledged warnings: a small partial index.
  await sql`create index member_warning_pending_idx on member_warning (user_id) where acknowledged_at is null`.execute(db);

  await sql`alter table app_user add column suspended_until timestamptz`.execute(db);
  await sql`alter table app_user add column suspension_reason text check (char_length(suspension_reason) <= 500)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table app_user drop column suspension_reason`.execute(db);
  await sql`alter table app_user drop column suspended_until`.execute(db);
  await sql`drop table member_warning`.execute(db);
  await sql`alter table post_report drop constraint post_report_resolution_check`.execute(db);
  await sql`alter table post_report add constraint post_report_resolution_check check (resolution in ('hidden', 'locked', 'dismissed'))`.execute(db);
  await sql`alter table post drop column deleted_reason`.execute(db);
  await sql`alter table post drop column deleted_by`.execute(db);
}
