import { sql, type Kysely } from "kysely";

// Frozen once landed: migrations never import application code.
//
// The forum, complete (issue 14, items 1, 5 and 6):
// - `thread.accepted_post_id`: the reply a question's author (or a moderator) accepted as the answer.
// - `thread.useful_count`: the "utile" marks of the thread's posts, kept by the useful-mark trigger
//   (redefined here) so lists sort by usefulness through an index.
// - indexes for the list sorts (newest, most replies, most useful, unanswered first).
// - `app_user.compact_lists`: the member's chosen list density.
// - `post_draft`: the server-side drafts, one per (member, thread) and one per member for a new thread.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table thread add column accepted_post_id integer references post (id) on delete set null`.execute(db);
  await sql`alter table thread add column useful_count integer not null default 0 check (useful_count >= 0)`.execute(db);
  await sql`
    update thread set useful_count = totals.n
    from (select thread_id, sum(useful_count)::integer as n from post where useful_count > 0 group by thread_id) totals
    where totals.thread_id = thread.id
  `.execute(db);
  await sql`
    create or replace function useful_mark_count() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        update post set useful_count = useful_count + 1 where id = new.post_id;
        update thread set useful_count = useful_count + 1 where id = (select thread_id from post where id = new.post_id);
      else
        update post set useful_count = useful_count - 1 where id = old.post_id;
        update thread set useful_count = greatest(useful_count - 1, 0) where id = (select thread_id from post where id = old.post_id);
      end if;
      return null;
    end
    $$
  `.execute(db);
  await sql`create index thread_accepted_post_idx on thread (accepted_post_id) where accepted_post_id is not null`.execute(db);
  await sql`create index thread_created_idx on thread (created_at desc, id desc)`.execute(db);
  await sql`create index thread_replies_idx on thread (reply_count desc, last_activity_at desc, id desc)`.execute(db);
  await sql`create index thread_useful_idx on thread (useful_count desc, last_activity_at desc, id desc)`.execute(db);
  await sql`create index thread_unanswered_idx on thread ((reply_count > 0), last_activity_at desc, id desc)`.execute(db);
  await sql`alter table app_user add column compact_lists boolean not null default false`.execute(db);
  await sql`
    create table post_draft (
      id serial primary key,
      user_id integer not null references app_user (id) on delete cascade,
      thread_id integer references thread (id) on delete cascade,
      body text not null,
      updated_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create unique index post_draft_reply_key on post_draft (user_id, thread_id) where thread_id is not null`.execute(db);
  await sql`create unique index post_draft_new_thread_key on post_draft (user_id) where thread_id is null`.execute(db);
  await sql`create index post_draft_thread_idx on post_draft (thread_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table post_draft`.execute(db);
  await sql`alter table app_user drop column compact_lists`.execute(db);
  await sql`drop index thread_unanswered_idx`.execute(db);
  await sql`drop index thread_useful_idx`.execute(db);
  await sql`drop index thread_replies_idx`.execute(db);
  await sql`drop index thread_created_idx`.execute(db);
  await sql`
    create or replace function useful_mark_count() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        update post set useful_count = useful_count + 1 where id = new.post_id;
      else
        update post set useful_count = useful_count - 1 where id = old.post_id;
      end if;
      return null;
    end
    $$
  `.execute(db);
  await sql`alter table thread drop column useful_count`.execute(db);
  await sql`alter table thread drop column accepted_post_id`.execute(db);
}
