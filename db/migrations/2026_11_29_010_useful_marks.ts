import { sql, type Kysely } from "kysely";

// Frozen once landed: migrations never import application code.
//
// "Utile" marks (issue 14, item 2):
// - `useful_mark`: one per (post, member); the primary key makes a second click a no-op, whatever
//   the concurrency.
// - `post.useful_count`: kept by a trigger on useful_mark (insert, delete, cascades), so the count
//   moves in the same transaction as the mark and never by read-then-write in the application.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table useful_mark (
      post_id integer not null references post (id) on delete cascade,
      user_id integer not null references app_user (id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (post_id, user_id)
    )
  `.execute(db);
  await sql`create index useful_mark_user_idx on useful_mark (user_id)`.execute(db);
  await sql`alter table post add column useful_count integer not null default 0 check (useful_count >= 0)`.execute(db);
  await sql`
    create function useful_mark_count() returns trigger language plpgsql as $$
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
  await sql`
    create trigger useful_mark_count after insert or delete on useful_mark
    for each row execute function useful_mark_count()
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger useful_mark_count on useful_mark`.execute(db);
  await sql`drop function useful_mark_count()`.execute(db);
  await sql`alter table post drop column useful_count`.execute(db);
  await sql`drop table useful_mark`.execute(db);
}
