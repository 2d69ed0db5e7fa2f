import { sql, type Kysely } from "kysely";

// Frozen once landed: migrations never import application code.
//
// Personal Atom feeds (issue 12, item 5): one secret token per member, stored as its SHA-256 (hex)
// only. Regenerating replaces the row (the old URL stops working at once); revoking deletes it.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table feed_token (
      user_id integer primary key references app_user (id) on delete cascade,
      token_hash text not null unique,
      created_at timestamptz not null default now()
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table feed_token`.execute(db);
}
