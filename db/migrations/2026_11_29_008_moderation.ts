import { sql, type Kysely } from "kysely";

// Frozen once landed: migrations never import application code.
//
// Thread and post moderation, reports (issue 9, items 1, 2, 5, 6, 8, 9):
// - thread: `pinned_at` (+ optional `pinned_until`; `pinned_topic_id` null = pinned on the home page
//   and in its thématiques, set = pinned within that thématique only), `featured_at` ("à la une"),
//   `lock_reason`/`locked_by` beside the existing `locked_at`, `unlisted_at` (out of lists and
//   search, reachable by link), `curation_version` (the optimistic lock of moderation forms).
// - post: `hidden_at`, `hidden_reason`, `hidden_by` (null with `hidden_at` set: hidden automatically
//   after three reports). A hidden post, or any post of an unlisted thread, has no search vector.
// - post_report: one report per member and post; open while `resolved_at` is null.
// - member_notice: what a member is told on their next visit (no notification system yet).
//
// Search: `post_search_vector_refresh()` of migration 004 is replaced (same name, so 004's trigger
// and the header propagation keep working) to also clear the vector of a hidden post or of a post
// of an unlisted thread; its trigger also fires on `hidden_at`. An unlisted or relisted thread
// recomputes its posts' vectors (a rare act: bodies are parsed again).

const refreshWithModeration = sql`
  create or replace function post_search_vector_refresh() returns trigger
    language plpgsql
    as $$
    declare
      header tsvector;
      visibility text;
      unlisted boolean;
    begin
      select t.search_header, t.visibility, t.unlisted_at is not null into header, visibility, unlisted from thread t where t.id = new.thread_id;
      new.public_thread := coalesce(visibility = 'public', false);
      if new.deleted_at is not null or new.hidden_at is not null or coalesce(unlisted, false) then
        new.search_vector := null;
      else
        new.search_vector := setweight(to_tsvector('french_unaccent'::regconfig, new.body_markdown), 'B') || coalesce(header, ''::tsvector);
      end if;
      return new;
    end
    $$
`;

// Migration 004's body, restored by down().
const refreshOriginal = sql`
  create or replace function post_search_vector_refresh() returns trigger
    language plpgsql
    as $$
    declare
      header tsvector;
      visibility text;
    begin
      select t.search_header, t.visibility into header, visibility from thread t where t.id = new.thread_id;
      new.public_thread := coalesce(visibility = 'public', false);
      if new.deleted_at is not null then
        new.search_vector := null;
      else
        new.search_vector := setweight(to_tsvector('french_unaccent'::regconfig, new.body_markdown), 'B') || coalesce(header, ''::tsvector);
      end if;
      return new;
    end
    $$
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table thread add column pinned_at timestamptz`.execute(db);
  await sql`alter table thread add column pinned_until timestamptz`.execute(db);
  await sql`alter table thread add column pinned_topic_id integer references topic (id) on delete set null`.execute(db);
  await sql`alter table thread add column featured_at timestamptz`.execute(db);
  await sql`alter table thread add column lock_reason text check (char_length(lock_reason) <= 500)`.execute(db);
  await sql`alter table thread add column locked_by integer references app_user (id) on delete set null`.execute(db);
  await sql`alter table thread add column unlisted_at timestamptz`.execute(db);
  await sql`alter table thread add column curation_version integer not null default 1`.execute(db);
  // Small partial indexes: the home page reads pinned and featured threads in a query of their own,
  // so the keyset order of the main list (thread_activity_idx) does not change.
  await sql`create index thread_pinned_idx on thread (pinned_at desc, id desc) where pinned_at is not null`.execute(db);
  await sql`create index thread_featured_idx on thread (featured_at desc, id desc) where featured_at is not null`.execute(db);

  await sql`alter table post add column hidden_at timestamptz`.execute(db);
  await sql`alter table post add column hidden_reason text check (char_length(hidden_reason) <= 500)`.execute(db);
  await sql`alter table post add column hidden_by integer references app_user (id) on delete set null`.execute(db);

  await sql`
    create table post_report (
      id integer generated always as identity primary key,
      post_id integer not null references post (id) on delete cascade,
      reporter_id integer not null references app_user (id) on delete cascade,
      reason text not null check (reason in ('inappropriate', 'off_topic', 'personal_data', 'duplicate', 'other')),
      note text check (char_length(note) <= 1000),
      created_at timestamptz not null default now(),
      resolved_at timestamptz,
      resolved_by integer references app_user (id) on delete set null,
      resolution text check (resolution in ('hidden', 'locked', 'dismissed')),
      resolution_note text check (char_length(resolution_note) <= 1000),
      unique (post_id, reporter_id)
    )
  `.execute(db);
  // The queue (oldest open first) and the header's count read open reports only.
  await sql`create index post_report_open_idx on post_report (created_at, post_id) where resolved_at is null`.execute(db);

  await sql`
    create table member_notice (
      id integer generated always as identity primary key,
      user_id integer not null references app_user (id) on delete cascade,
      body text not null check (char_length(body) between 1 and 2000),
      created_at timestamptz not null default now(),
      seen_at timestamptz
    )
  `.execute(db);
  await sql`create index member_notice_unseen_idx on member_notice (user_id) where seen_at is null`.execute(db);

  await refreshWithModeration.execute(db);
  await sql`drop trigger post_search_vector on post`.execute(db);
  await sql`
    create trigger post_search_vector
      before insert or update of body_markdown, thread_id, deleted_at, hidden_at on post
      for each row execute function post_search_vector_refresh()
  `.execute(db);
  // Unlisting or relisting a thread: its posts' vectors are computed again (the BEFORE trigger
  // above runs for each post, since `thread_id` is a target of the UPDATE).
  await sql`
    create function thread_unlisted_refresh() returns trigger
      language plpgsql
      as $$
      begin
        update post set thread_id = thread_id where thread_id = new.id;
        return null;
      end
      $$
  `.execute(db);
  await sql`
    create trigger thread_unlisted_refresh
      after update of unlisted_at on thread
      for each row when ((old.unlisted_at is null) is distinct from (new.unlisted_at is null))
      execute function thread_unlisted_refresh()
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger thread_unlisted_refresh on thread`.execute(db);
  await sql`drop function thread_unlisted_refresh()`.execute(db);
  await sql`drop trigger post_search_vector on post`.execute(db);
  await refreshOriginal.execute(db);
  await sql`
    create trigger post_search_vector
      before insert or update of body_markdown, thread_id, deleted_at on post
      for each row execute function post_search_vector_refresh()
  `.execute(db);
  await sql`drop table member_notice`.execute(db);
  await sql`drop table post_report`.execute(db);
  for (const column of ["hidden_by", "hidden_reason", "hidden_at"]) await sql`alter table post drop column ${sql.raw(column)}`.execute(db);
  await sql`drop index thread_featured_idx`.execute(db);
  await sql`drop index thread_pinned_idx`.execute(db);
  for (const column of ["curation_version", "unlisted_at", "locked_by", "lock_reason", "featured_at", "pinned_topic_id", "pinned_until", "pinned_at"]) {
    await sql`alter table thread drop column ${sql.raw(column)}`.execute(db);
  }
  // Posts hidden or in unlisted threads get their vectors back.
  await sql`update post set thread_id = thread_id where search_vector is null and deleted_at is null`.execute(db);
}
