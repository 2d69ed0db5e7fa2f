import { sql, type Kysely } from "kysely";

// Frozen: migrations never import application code. docs/search.md ("A narrow table") explains it.
//
// `post_search` holds, for each post that can be found (a live post with a search vector: not
// deleted, not hidden, not in an unlisted thread), what the search reads to choose its window:
// the post's id, thread, date, `public_thread`, and its vector plus one month lexeme "#mYYYYMM"
// (UTC month of `created_at`, no position). A row is about 500 bytes instead of a post's 1.3 kB,
// and the month lexemes let the GIN index itself keep only the matches of recent months, so the
// newest 1 001 matches of a medium-rare word are found without visiting every match's row.
// `post.search_vector` stays the source (migrations 004 and 008 maintain it); a trigger copies
// each change here, in the writing transaction.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function post_search_month(p_created_at timestamptz) returns tsvector
      language sql immutable parallel safe strict
      as $$ select array_to_tsvector(array['#m' || to_char(p_created_at at time zone 'UTC', 'YYYYMM')]) $$
  `.execute(db);
  await sql`
    create table post_search (
      post_id integer primary key references post (id) on delete cascade,
      thread_id integer not null,
      created_at timestamptz not null,
      public_thread boolean not null,
      vector tsvector not null
    )
  `.execute(db);
  await sql`
    insert into post_search (post_id, thread_id, created_at, public_thread, vector)
    select id, thread_id, created_at, public_thread, search_vector || post_search_month(created_at)
    from post
    where search_vector is not null
    order by created_at, id
  `.execute(db);
  await sql`create index post_search_vector_idx on post_search using gin (vector)`.execute(db);
  await sql`create index post_search_created_idx on post_search (created_at, post_id)`.execute(db);
  await sql`create index post_search_public_created_idx on post_search (created_at, post_id) where public_thread`.execute(db);

  await sql`
    create function post_search_sync() returns trigger
      language plpgsql
      as $$
      begin
        if new.search_vector is null then
          delete from post_search where post_id = new.id;
        else
          insert into post_search (post_id, thread_id, created_at, public_thread, vector)
          values (new.id, new.thread_id, new.created_at, new.public_thread, new.search_vector || post_search_month(new.created_at))
          on conflict (post_id) do update set
            thread_id = excluded.thread_id,
            created_at = excluded.created_at,
            public_thread = excluded.public_thread,
            vector = excluded.vector;
        end if;
        return null;
      end
      $$
  `.execute(db);
  // After the BEFORE triggers that compute the vector, whatever columns the statement names.
  await sql`
    create trigger post_search_insert after insert on post
      for each row when (new.search_vector is not null)
      execute function post_search_sync()
  `.execute(db);
  await sql`
    create trigger post_search_update after update on post
      for each row when (
        old.search_vector is distinct from new.search_vector
        or old.public_thread is distinct from new.public_thread
        or old.created_at is distinct from new.created_at
        or old.thread_id is distinct from new.thread_id
      )
      execute function post_search_sync()
  `.execute(db);
  await sql`analyze post_search`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger post_search_update on post`.execute(db);
  await sql`drop trigger post_search_insert on post`.execute(db);
  await sql`drop function post_search_sync()`.execute(db);
  await sql`drop table post_search`.execute(db);
  await sql`drop function post_search_month(timestamptz)`.execute(db);
}
