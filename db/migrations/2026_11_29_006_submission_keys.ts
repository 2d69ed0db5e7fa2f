import { sql, type Kysely } from "kysely";

// Frozen: migrations never import application code.

export async function up(db: Kysely<unknown>): Promise<void> {
  // One-time submission keys: a form carries one, and the same key never creates twice (two
  // clicks, a resent POST). The row remembers what the first submission created.
  await sql`
    create table submission_key (
      user_id integer not null references app_user (id) on delete cascade,
      key text not null check (char_length(key) between 16 and 64),
      created_at timestamptz not null default now(),
      thread_id integer references thread (id) on delete cascade,
      post_id integer references post (id) on delete cascade,
      primary key (user_id, key)
    )
  `.execute(db);
  await sql`create index submission_key_created_idx on submission_key (created_at)`.execute(db);

  // A thread whose opening post was deleted before any reply goes with it: hidden, not erased.
  await sql`alter table thread add column deleted_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table thread drop column deleted_at`.execute(db);
  await sql`drop table submission_key`.execute(db);
}
