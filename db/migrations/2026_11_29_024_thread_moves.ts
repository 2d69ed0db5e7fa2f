import { sql, type Kysely } from "kysely";

// Frozen once landed: migrations never import application code.
//
// Split and merge (issue 9, item 4; app/moderation/thread-moves.server.ts, docs/moderation.md):
// - `thread_redirect`: a thread merged into another is deleted; its old id answers 301 to the
//   thread it went into. Merging that thread in turn re-points the rows (no chains, no cycles).
//   `old_slug` and `old_title` say what the address used to be (journal, docs).
// - `post (thread_id, position)` becomes DEFERRABLE INITIALLY IMMEDIATE: still checked by every
//   statement, but at the end of the statement rather than row by row, so one UPDATE can move
//   posts and renumber both threads densely (positions swap places within the statement).
//   PostgreSQL before 18 cannot ALTER a unique constraint, so it is added again under the same
//   name (the index is rebuilt once).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table thread_redirect (
      old_thread_id integer primary key,
      old_slug text not null,
      old_title text not null,
      target_thread_id integer not null references thread (id) on delete cascade,
      created_at timestamptz not null default now()
    )
  `.execute(db);
  // A merge re-points the redirects that led to the merged thread.
  await sql`create index thread_redirect_target_idx on thread_redirect (target_thread_id)`.execute(db);

  await sql`alter table post drop constraint post_thread_id_position_key`.execute(db);
  await sql`alter table post add constraint post_thread_id_position_key unique (thread_id, position) deferrable initially immediate`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table post drop constraint post_thread_id_position_key`.execute(db);
  await sql`alter table post add constraint post_thread_id_position_key unique (thread_id, position)`.execute(db);
  await sql`drop table thread_redirect`.execute(db);
}
