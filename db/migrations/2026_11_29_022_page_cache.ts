import { sql, type Kysely } from "kysely";

// Frozen once landed: migrations never import application code.
//
// The page cache's invalidation (issue 11, target 1; docs/decisions/006-page-cache.md): every
// statement that writes a table whose rows visitors' pages show sends `NOTIFY page_cache` with the
// table's name, delivered to every app process at commit (never on rollback; PostgreSQL folds
// identical notifications of one transaction into one). Statement-level, so a bulk write costs one
// notification. Member-private tables (sessions, reads, bookmarks, notifications…) have none, and
// on app_user only the columns pages show count (not `last_seen_at`, written on every visit).

const TABLES = [
  "collectivite",
  "topic",
  "topic_slug_redirect",
  "thread",
  "thread_collectivite",
  "thread_topic",
  "post",
  "post_revision",
  "useful_mark",
  "governance_event",
  "reference_version",
  "governance_decision",
  "article_comment",
  "app_state",
];

const USER_COLUMNS = ["display_name", "handle", "role", "status", "collectivite_id", "public_profile", "bio_html"];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function page_cache_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('page_cache', tg_table_name);
      return null;
    end
    $$
  `.execute(db);
  for (const table of TABLES) {
    await sql`
      create trigger page_cache_changed after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function page_cache_notify()
    `.execute(db);
  }
  await sql`
    create trigger page_cache_changed after insert or delete or truncate or update of ${sql.join(USER_COLUMNS.map((c) => sql.ref(c)))}
    on app_user for each statement execute function page_cache_notify()
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [...TABLES, "app_user"]) await sql`drop trigger page_cache_changed on ${sql.table(table)}`.execute(db);
  await sql`drop function page_cache_notify()`.execute(db);
}
