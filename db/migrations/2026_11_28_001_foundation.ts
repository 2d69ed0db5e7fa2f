import { sql, type Kysely } from "kysely";

// Frozen: migrations never import application code.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists unaccent`.execute(db);
  await sql`create extension if not exists pg_trgm`.execute(db);

  // French stemming that ignores accents: "collège" and "colleges" share a lexeme.
  await sql`create text search configuration french_unaccent (copy = french)`.execute(db);
  await sql`
    alter text search configuration french_unaccent
      alter mapping for hword, hword_part, word with unaccent, french_stem
  `.execute(db);

  await sql`
    create table collectivite (
      id integer generated always as identity primary key,
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      name text not null check (length(name) between 2 and 120),
      kind text not null check (kind in ('region', 'departement', 'commune', 'autre')),
      ent_name text,
      establishment_count integer check (establishment_count >= 0),
      launch_date text check (launch_date ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
      phase text check (phase in ('pilote', 'generalisation')),
      integrator text,
      website_url text check (website_url ~ '^https?://'),
      description text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index collectivite_kind_idx on collectivite (kind)`.execute(db);
  await sql`create index collectivite_phase_idx on collectivite (phase)`.execute(db);

  await sql`
    create table topic (
      id integer generated always as identity primary key,
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      name text not null unique check (length(name) between 2 and 80),
      description text,
      created_at timestamptz not null default now()
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table topic`.execute(db);
  await sql`drop table collectivite`.execute(db);
  await sql`drop text search configuration french_unaccent`.execute(db);
}
