import { sql, type Kysely } from "kysely";

// Frozen once landed: migrations never import application code.
//
// Member profiles and bookmarks (issue 14, items 3 and 4):
// - `app_user.bio_markdown` / `bio_html`: an optional short bio, rendered when saved like posts;
//   `app_user.public_profile`: the member lets visitors see a minimal profile (default: no).
// - `bookmark`: one per member and post, with an optional private note and reminder date.
// - an index for a member's threads, newest first (keyset pages of the profile; replies use
//   migration 004's post_author_created_idx).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table app_user add column bio_markdown text check (char_length(bio_markdown) <= 1000)`.execute(db);
  await sql`alter table app_user add column bio_html text`.execute(db);
  await sql`alter table app_user add column public_profile boolean not null default false`.execute(db);

  await sql`
    create table bookmark (
      id integer generated always as identity primary key,
      user_id integer not null references app_user (id) on delete cascade,
      post_id integer not null references post (id) on delete cascade,
      note text check (char_length(note) between 1 and 500),
      remind_on date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (user_id, post_id)
    )
  `.execute(db);
  await sql`create index bookmark_user_created_idx on bookmark (user_id, created_at desc, id desc)`.execute(db);
  await sql`create index bookmark_post_idx on bookmark (post_id)`.execute(db);

  await sql`create index thread_author_created_idx on thread (author_id, created_at desc, id desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index thread_author_created_idx`.execute(db);
  await sql`drop table bookmark`.execute(db);
  await sql`alter table app_user drop column public_profile`.execute(db);
  await sql`alter table app_user drop column bio_html`.execute(db);
  await sql`alter table app_user drop column bio_markdown`.execute(db);
}
