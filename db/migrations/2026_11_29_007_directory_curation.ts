import { sql, type Kysely } from "kysely";

// Frozen once landed: migrations never import application code.
//
// Curation of the thématiques and of the collectivités' profiles (issue 9, items 12 and 13):
// - `topic.version` and `collectivite.version`: the optimistic lock of their edit forms (a stale
//   form changes nothing); `topic.updated_at`; `collectivite.updated_by`: who last changed the profile.
// - `topic_slug_redirect`: the old slugs of renamed and merged thématiques, answered with a 301
//   to the thématique they point to (by id, so renaming a target never leaves a chain).
// - thématique names unique accent- and case-insensitively ("Formation" = "formation" = "Formatiön").

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table topic add column version integer not null default 1`.execute(db);
  await sql`alter table topic add column updated_at timestamptz not null default now()`.execute(db);
  await sql`create unique index topic_name_folded_idx on topic (lower(f_unaccent(name)))`.execute(db);
  await sql`
    create table topic_slug_redirect (
      old_slug text primary key check (old_slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      topic_id integer not null references topic (id) on delete cascade,
      created_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index topic_slug_redirect_topic_idx on topic_slug_redirect (topic_id)`.execute(db);

  await sql`alter table collectivite add column version integer not null default 1`.execute(db);
  await sql`alter table collectivite add column updated_by integer references app_user (id) on delete set null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table collectivite drop column updated_by`.execute(db);
  await sql`alter table collectivite drop column version`.execute(db);
  await sql`drop table topic_slug_redirect`.execute(db);
  await sql`drop index topic_name_folded_idx`.execute(db);
  await sql`alter table topic drop column updated_at`.execute(db);
  await sql`alter table topic drop column version`.execute(db);
}
